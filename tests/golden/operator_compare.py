# Order comparisons whose left operand's class has a plain Python __lt__ & co. run it as a
# frame of the loop: any result, NotImplemented and the reflected method, errors, tracebacks.
import sys


class K:
    def __init__(self, k): self.k = k
    def __lt__(self, o): return self.k < o.k
    def __le__(self, o): return 'le-object'
    def __gt__(self, o): return NotImplemented
    def __ge__(self, o):
        return 1 // 0
    def __repr__(self): return 'K(%d)' % self.k


print(K(1) < K(2), K(3) < K(2), K(1) <= K(0))
# Feeding a conditional jump, with a result that is not a bool.
n = 0
for a, b in ((K(1), K(2)), (K(2), K(1))):
    if a < b:
        n += 1
    if a <= b:
        n += 10
print(n)
print(sorted([K(3), K(1), K(2)]))


# NotImplemented: the TypeError at the operator. As in MicroPython, a comparison does not try
# the other operand's reflected method (here `R.__lt__`), whoever is on the left.
class R:
    def __lt__(self, o): return ('R.lt', type(o).__name__)
    def __gt__(self, o): return ('R.gt', type(o).__name__)
def gt(a, b):
    return a > b
try:
    gt(K(1), K(2))
except TypeError as e:
    sys.print_exception(e)
for a, b in ((K(1), 5), (K(1), R()), (1, R())):
    try:
        gt(a, b)
    except TypeError as e:
        sys.print_exception(e)
# An error inside the method.
def ge(a, b):
    if a >= b:
        return 'yes'
try:
    ge(K(1), K(2))
except ZeroDivisionError as e:
    sys.print_exception(e)


# Non-plain methods keep the nested call.
class S:
    @staticmethod
    def __lt__(o): return 'static'
    def __le__(self, *a): return ('star', a)
    def __gt__(self, o, x=0): return ('default', x)
print(S() < 1, S() <= 2, S() > 3)
