# Calls push frames on the VM's own stacks: deep recursion grows them, the limit is an
# exception, and generators resumed from many depths keep their own frames.


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(10), depth(150))


def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RuntimeError as e:
    print("RuntimeError:", e)
# The frame stack is usable again after the limit.
print(depth(120))


def counter(n):
    i = 0
    while i < n:
        yield i
        i += 1


def drain_at(level, g):
    # Resume the same generator from frames at different depths.
    if level == 0:
        return next(g)
    return drain_at(level - 1, g)


g = counter(10)
print([drain_at(k, g) for k in (0, 5, 50, 1, 60)])


def chain(n):
    if n == 0:
        yield from counter(3)
    else:
        yield from chain(n - 1)


print(list(chain(40)))


def three(a, b, c):
    return a * 100 + b * 10 + c


def defaults(a, b=2, c=3):
    return a * 100 + b * 10 + c


def star(*args, **kw):
    return len(args), sorted(kw)


print(three(1, 2, 3), defaults(1), defaults(1, 5), defaults(1, c=7), defaults(c=9, a=4))
print(star(), star(1, 2, x=3), three(*(4, 5, 6)), three(**{"a": 7, "b": 8, "c": 9}))
try:
    three(1, 2)
except TypeError:
    print("TypeError missing")
try:
    three(1, 2, 3, 4)
except TypeError:
    print("TypeError extra")


class P:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def total(self):
        return self.x + self.y


class Bad:
    def __init__(self):
        return 5


print(P(3).total(), P(3, 4).total(), P(y=1, x=2).total())
try:
    Bad()
except TypeError as e:
    print("TypeError:", e)


def nested_calls(n):
    # Every level calls a method, instantiates and returns: frames pushed and popped in turn.
    if n == 0:
        return P(1, 1).total()
    return P(n).total() + nested_calls(n - 1)


print(nested_calls(60))


class GenInit:
    def __init__(self):
        yield 1


class StrInit(str):
    def __init__(self, x):
        return "a"


for cls in (GenInit, StrInit):
    try:
        cls("q") if cls is StrInit else cls()
    except TypeError as e:
        print("TypeError:", e)
