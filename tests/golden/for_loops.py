# `for` loops are tested at the bottom (one `ForIter` per iteration steps, tests and jumps
# back): `else`, `break`, `continue`, iterators that raise, generators, comprehensions, and the
# line an error in the loop's header reports.
import sys


def for_else(items, stop):
    for x in items:
        if x == stop:
            print("break at", x)
            break
        print("item", x)
    else:
        print("else")


for_else([1, 2, 3], 2)
for_else((1, 2, 3), 9)
for_else(range(0), 9)
for_else("ab", "z")


def skip_odd(n):
    out = []
    for i in range(n):
        if i % 2:
            continue
        out.append(i)
    else:
        out.append("done")
    return out


print(skip_odd(7))
# `continue` in a `while` inside a `for`, and `break` out of the inner of two loops.
total = 0
for i in range(4):
    j = 0
    while j < 3:
        j += 1
        if j == 2:
            continue
        total += i * j
    for k in [10, 20, 30]:
        if k > i * 10:
            break
        total += k
print("total", total)


class Flaky:
    # An iterator that raises on its third item.
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n == 3:
            raise ValueError("item 3")
        if self.n > 5:
            raise StopIteration
        return self.n


def nested():
    seen = []
    for a in range(2):
        try:
            for b in Flaky():
                seen.append((a, b))
        except ValueError as e:
            seen.append(str(e))
    return seen


print(nested())


def gen(n):
    for i in range(n):
        yield i * i
    return "ignored"


print([x for x in gen(4)])
for x in gen(3):
    print("gen", x)
else:
    print("gen done")


def delegating():
    yield from gen(2)
    yield from iter([7, 8])


print(list(delegating()))
print(sum(x for x in range(5) if x != 2), {k: v for k, v in zip("ab", [1, 2])})
print([(a, b) for a in range(3) for b in range(a) if a + b != 2])


def broken():
    yield 1
    raise KeyError("in the generator")


def header_error():
    for x in broken():
        print("body", x)
        y = x + 1
        z = y * 2


def next_error():
    for x in Flaky():
        z = x


def straight_into_locals():
    # The item goes straight into a local loop variable, also when the body starts by loading
    # a local (a fused store-and-load); a local read before its assignment still raises.
    t = 0
    for i in range(4):
        t = t + i
    for w in ["a", "b"]:
        t = str(t) + w
    for k, v in {"x": 1}.items():
        t = t + k
    for c in (1, 2):
        print(c, before)
        before = c


def drained():
    # A generator drained by `list()`: a `yield` statement's None is dropped, an assigned
    # one is kept.
    def g():
        for i in range(3):
            got = yield i
            yield got

    return list(x * 2 for x in range(3)), list(g()), sorted(set(i % 2 for i in [1, 2, 3]))


print(drained())
for f in (header_error, next_error, straight_into_locals):
    try:
        f()
    except Exception as e:
        sys.print_exception(e)
