# str() of a subclass of a built-in type: MicroPython's lookup of __str__ stops at the
# built-in base, so a Python __repr__ serves repr() only; classes without a built-in base
# fall back to __repr__.
class L(list):
    def __repr__(self): return 'L!'
l = L([1,2])
print(str(l), repr(l), l)
print('%s' % l, '{}'.format(l), f'{l}')
class D(dict):
    def __repr__(self): return 'D!'
d = D(a=1)
print(str(d), d, repr(d))
class T(tuple):
    def __repr__(self): return 'T!'
print(str(T((1,))), T((1,)))
class S(str):
    def __repr__(self): return 'S!'
print(str(S('x')), repr(S('x')), [S('x')])
class I(int):
    def __repr__(self): return 'I!'
print(str(I(3)), I(3), repr(I(3)))
class F(float):
    def __repr__(self): return 'F!'
print(str(F(3)), F(3))
class E(Exception):
    def __repr__(self): return 'E!'
print(str(E(1)), E(1), repr(E(1)))
class O:
    def __repr__(self): return 'O!'
print(str(O()), O())
class L2(list):
    def __str__(self): return 'L2s'
print(str(L2()), repr(L2()), [L2()])
class Mixin:
    def __str__(self): return 'mixin'
class M(Mixin, list):
    pass
print(str(M([1])), repr(M([1])))
class P(L):
    pass
print(str(P([3])), repr(P([3])), [P([4])])
class Sub(O):
    pass
print(str(Sub()), '%s|%r' % (Sub(), Sub()))
# Frozen stand-ins for MicroPython's built-in types print as those do.
from collections import namedtuple, OrderedDict
T2 = namedtuple('T2', 'a b')
class T3(T2):
    def __repr__(self): return 'T3!'
print(str(T2(1, 2)), T3(1, 2), repr(T3(1, 2)))
class OD(OrderedDict):
    def __repr__(self): return 'OD!'
print(str(OrderedDict(a=1)), OD(a=1), repr(OD(a=1)))
