# Binary and in-place operators whose left operand's class has a plain Python method run it
# as a frame of the loop (no nested run): results, NotImplemented fallbacks, errors, tracebacks.
import sys

class V:
    def __init__(self, x): self.x = x
    def __add__(self, o): return V(self.x + o.x) if isinstance(o, V) else NotImplemented
    def __sub__(self, o):
        self = 5
        return NotImplemented
    def __mul__(self, k): return V(self.x * k)
    def __repr__(self): return 'V(%r)' % self.x
class W:
    def __radd__(self, o): return 'W.radd'
    def __rsub__(self, o): return ('W.rsub', o.x)
print(V(1) + V(2), V(3) * 4)
print(V(1) + W())
print(V(1) - W())
try:
    V(1) + 3
except TypeError as e:
    print('TypeError', e)
a = V(1)
a += V(5)
print(a)
a *= 3
print(a)
class I:
    def __init__(self): self.n = 0
    def __iadd__(self, o):
        if o == 0: return NotImplemented
        self.n += o
        return self
    def __add__(self, o): return ('add', o)
i = I()
i += 2
print(i.n)
i += 0
print(i)
class R:
    def __add__(self, o): return self + o
try:
    R() + 1
except RuntimeError as e:
    print('RuntimeError', e)
class E:
    def __add__(self, o):
        raise ValueError('inside')
try:
    E() + 1
except ValueError as e:
    print('ValueError', e)
class D:
    def __add__(self, o, extra=1): return ('default', o, extra)
    def __sub__(self, *a): return ('star', a)
    @staticmethod
    def __mul__(o): return 'static'
print(D() + 1, D() - 2)
try:
    print(D() * 3)
except TypeError as e:
    print('TypeError', e)
def gen_add(self, o):
    yield o
class G:
    __add__ = gen_add
print(type(G() + 1).__name__)
class S(int):
    def __add__(self, o): return ('S', int(self), o)
print(S(3) + 4)
class T(list):
    pass
t = T([1])
t += [2]
print(t, t + [3])
def f():
    x = 1
    for k in range(3):
        x = V(k) + x if k else V(0) + V(1)
    return x
print(f())


# Operands with values below them on the stack, and operators inside operator methods.
class M:
    def __init__(self, v): self.v = v
    def __add__(self, o): return M(self.v + (o.v if isinstance(o, M) else o))
    def __mul__(self, o): return M(self.v * o.v) + M(1) + 0
    def __repr__(self): return 'M(%d)' % self.v
print([1, M(2) + M(3), 4], (M(2) * M(5)).v, str(M(1) + 2 + 3))
print(sum([M(1), M(2)], M(10)))


def g(n):
    for i in range(n):
        yield M(i) + M(100)
print(list(g(3)))


# An exception inside the method: its traceback names the method's line and the operator's.
class E2:
    def __sub__(self, o):
        x = 1
        return x / o
def use(a):
    total = 0
    for k in (2, 0):
        total += 1
        r = a - k
    return r
try:
    use(E2())
except ZeroDivisionError as e:
    sys.print_exception(e)


# Caught by the method itself, and by the caller with the loop going on.
class C:
    def __add__(self, o):
        try:
            return 1 // o
        except ZeroDivisionError:
            return 'caught inside'
print(C() + 0, C() + 1)
out = []
for k in (1, 0, 2):
    try:
        out.append(E2() - k)
    except ZeroDivisionError:
        out.append('zero')
print(out)


# Both operands decline: the TypeError is raised at the operator's line.
class N:
    def __add__(self, o): return NotImplemented
    def __iadd__(self, o): return NotImplemented
def add(a, b):
    return a + b
def iadd(a, b):
    a += b
    return a
for f in (add, iadd):
    try:
        f(N(), N())
    except TypeError as e:
        sys.print_exception(e)


# A reflected method that raises, after the forward one declined.
class Q:
    def __radd__(self, o):
        raise KeyError('radd')
try:
    add(N(), Q())
except KeyError as e:
    sys.print_exception(e)

# Reassigned operands inside the method do not change what the fallback sees.
class Z:
    def __add__(self, o):
        self = o = None
        return NotImplemented
class Y:
    def __radd__(self, o): return ('Y.radd', type(o).__name__)
print(Z() + Y())
# In-place operators on subscripts and attributes, and a collection inside the method.
class P:
    def __init__(self, x): self.x = x
    def __add__(self, o): return P(self.x + o.x)
    def __iadd__(self, o):
        if o.x < 0: return NotImplemented
        self.x += o.x
        return self
    def __repr__(self): return 'P(%d)' % self.x
l = [P(1), P(2)]
l[0] += P(10)
l[1] += P(-1)
d = {'k': P(5)}
d['k'] += P(1)
class H:
    def __init__(self): self.v = P(0)
h = H()
for i in range(3):
    h.v += P(i)
print(l, d, h.v)
import gc
class GC:
    def __add__(self, o):
        gc.collect()
        return [o] * 3
print(GC() + 'x', GC() + P(3))

class Bad:
    def __add__(self, o):
        return 1 // 0
Bad() + 1
