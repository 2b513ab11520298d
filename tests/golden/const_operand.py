# A local and a constant as a binary operator's operands (`LoadFastConstBinary`): every
# operator on ints and floats, overflow into big ints, other types (the general path, operand
# order kept), `op=` with `__iadd__`, a jump landing after the local, an unbound local, and the
# line an error reports.
import sys


def ints(x):
    return (x + 3, x - 3, x * 3, x // 3, x % 3, x & 3, x | 3, x ^ 3, x << 3, x >> 3, x / 4, x ** 2, x // -3, x % -3)


def floats(x):
    return (x + 0.5, x - 0.5, x * 0.5, x / 0.5, x + 2, x * 2, x // 0.5, x % 0.5)


print(ints(17), ints(-17), ints(0))
print(floats(1.25), floats(-3.0))
print(ints(2 ** 62)[0:3], ints(-(2 ** 62))[:3])


def shifts(x):
    return (x << 62, x << 63, x << 64, x >> 64, x * 4611686018427387904)


print(shifts(1), shifts(-3), shifts(0))


def others(x):
    return x + "!", x * 2


print(others("ab"))
try:
    others(5)
except TypeError as e:
    print("TypeError", e)


class N:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return N(("add", self.v, o))

    def __radd__(self, o):
        return N(("radd", o, self.v))

    def __iadd__(self, o):
        self.v = ("iadd", self.v, o)
        return self

    def __sub__(self, o):
        return N(("sub", self.v, o))


def user(n):
    a = n + 1
    b = n - 2.5
    n += 7
    return a.v, b.v, n.v


print(user(N(0)))


def counts(n):
    i = 0
    t = 0.0
    while i < n:
        t += 0.25
        i += 1
    s = ""
    for _ in range(3):
        s += "x"
    u = (1,)
    u += (2,)
    return i, t, s, u


print(counts(5))


def jumped(x, y):
    # `y or x` jumps past the load of `x` straight to the constant.
    return (y or x) + 1


print(jumped(1, 0), jumped(1, 10))


def unbound(flag, aug):
    if flag:
        a = 1
    if aug:
        a += 1
        return a
    return a + 1


print(unbound(True, False), unbound(True, True))
for aug in (False, True):
    try:
        unbound(False, aug)
    except NameError as e:
        sys.print_exception(e, sys.stdout)


def divide(x, z):
    y = (x
         // 0)
    return y


def big(x, z):
    # MicroPython's message for a float's zero to a negative power.
    return x ** -1.5


for f, arg in ((divide, 7), (divide, 7.5), (big, 0)):
    try:
        f(arg, 0)
    except ZeroDivisionError as e:
        sys.print_exception(e, sys.stdout)


def caught(flag):
    # An error in the fused op caught in its own frame, with a loop's values below it.
    out = []
    for i in range(3):
        try:
            out.append(i // 0 if flag else i * 2)
        except ZeroDivisionError:
            out.append(-i)
    return out


print(caught(False), caught(True))
