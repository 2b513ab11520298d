# Cold paths (vmcold2): `del` of an item is the slice path, and subclass instances' own special
# methods (`__len__`, `__delitem__`, `__neg__`, `__bool__`, `__reversed__`, classmethod dunders)
# go through one `call_own_special`; zip is a map without a function; C3 MROs over packed
# handles; `dict.update`, `{**m}` and `f(**m)` through one `dict_update`.
# Expected output from MicroPython's unix port.
l = list(range(10))
del l[3]; print(l)
del l[-1]; print(l)
del l[1:3]; print(l)
del l[5:]; print(l)
try: del l[10]
except IndexError as e: print('IndexError', e)
except IndexError as e: print('IndexError', e)
try: del l['x']
except TypeError as e: print('TypeError', e)
class L(list): pass
x = L([1,2,3]); del x[1]; print(x, len(x), bool(x))
class D(dict):
    def __delitem__(self, k): print('del', k)
    def __len__(self): return 7
d = D(); del d[5]; print(len(d))
class N:
    def __neg__(self): return 'neg'
    def __bool__(self): return False
    def __reversed__(self): return iter([3,2,1])
print(-N(), bool(N()), list(reversed(N())))
class I(int): pass
print(-I(5), bool(I(0)), bool(I(2)))
class C:
    @classmethod
    def __len__(cls): return 3
print(len(C()))
class E(Exception):
    def __init__(self, *a, **k): print('init', a, k)
E(1, 2)
class T(tuple): pass
print(T((1,2))[1], len(T((1,2))))
class S(str):
    def __getitem__(self, i): return 'g'
print(S('abc')[0])
print(list(zip()), list(zip([1,2],'ab')), list(zip([1],[2],[3])))
print(list(map(str, [1,2])), list(map(lambda a,b: a+b, [1,2,3], [10,20])))
print(type(zip()).__name__, type(map(abs,[])).__name__)
class Z(zip): pass
print(list(Z('ab', 'cd')))
class M(map): pass
print(list(M(abs, [-1, -2])))
class A:
    def __init__(self): print('A')
    def __repr__(self): return 'A()'
class B(A): pass
class C(A): pass
class D(B, C): pass
D()
print('x' in dir(type('T', (), {'x': 1})))
import gc; z = zip([1,2],[3,4]); gc.collect(); print(list(z))
def f(*a, **k): return a, sorted(k.items())
print(f(**{'a': 1}, b=2))
try: f(**{'a': 1}, a=2)
except TypeError as e: print('TypeError', e)
try: f(**{'a': 1}, **{'a': 3})
except TypeError as e: print('TypeError', e)
d = {1: 2}; d.update({3: 4}); d.update([(5, 6)]); print(sorted(d.items()))
class M:
    def keys(self): return ['q']
    def __getitem__(self, k): return 9
print(f(*[1, 2], **M()))
print(type('T', (), {'a': 1}).a)
