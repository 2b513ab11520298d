# Generators drained by native code without leaving the loop per item: `sum` adds each yielded
# value as it comes, `set`/`list`/`tuple` collect them. An error in handing a value over (an
# `__add__`, an unhashable item) is raised by the drainer, not inside the generator: its
# handlers do not see it, its line is not in the traceback, and it stays paused after the
# yield, as after a `next()`.
import sys


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        print("add", self.v, o)
        return Num(self.v + o)


def items():
    try:
        yield 1
        yield 2
        yield "x"
        yield 3
    except TypeError:
        print("caught in the generator")
    finally:
        print("finally")


print(sum(x * x for x in range(10)))
print(sum((x for x in range(5)), 100))
print(sum((x / 2 for x in range(5)), 0.5))
print(sum(([x] for x in range(3)), []))
print(sum((x for x in (1, 2)), Num(10)).v)
print(sum(x for x in ()))

g = items()
try:
    sum(g)
except TypeError as e:
    print("TypeError", e)
print(next(g))
try:
    next(g)
except StopIteration:
    print("StopIteration")

try:
    sum(items(), Num(10))
except TypeError as e:
    print("TypeError", e)


def delegating():
    yield from items()
    yield 100


def drained_then_listed(drain, g):
    try:
        drain(g)
    except Exception as e:
        print(type(e).__name__, e)
    print(list(g))


drained_then_listed(sum, delegating())


def inner():
    yield 1
    return 5


def outer():
    r = yield from inner()
    yield r


print(sum(outer()))
once = (x for x in range(3))
print(sum(once), sum(once))


def sums_itself():
    yield sum(me)


me = sums_itself()
drained_then_listed(next, me)


def raising():
    yield 1
    raise KeyError(4)


drained_then_listed(sum, raising())


def unhashable():
    try:
        yield [1]
    except TypeError:
        print("caught in the generator")
        yield 5


drained_then_listed(set, unhashable())
print(sorted(set(x % 3 for x in range(10))), tuple(x for x in "ab"), list(outer()))


def tb():
    return sum(x for x in [1, "a"])


try:
    tb()
except TypeError as e:
    sys.print_exception(e)
