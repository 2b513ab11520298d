# Generator expressions and closures: cells shared through a closure tuple, generator state
# held with the generator (send, throw, close, exceptions, StopIteration), and consumers that
# drain a generator (set, tuple, list, sorted, sum) with errors raised midway.


def cells():
    a = 1
    b = 2

    def one():
        return a

    def two():
        return a + b

    def bump():
        nonlocal a
        a += 10

    bump()
    print(one(), two())
    return one, two


one, two = cells()
print(one(), two(), one.__name__)


def counter():
    n = 0

    def inc(k=1):
        nonlocal n
        n += k
        return n

    return inc


c1, c2 = counter(), counter()
print(c1(), c1(5), c2(), c1())


def queens_like(vec, cols):
    return len(set(vec[i] + i for i in cols)), tuple(vec[i] - i for i in cols), list(vec[i] * i for i in cols)


print(queens_like((3, 1, 4, 1, 5, 0, 2, 6), range(8)))
print(queens_like([2, 0, 1], range(3)))
print(set(x for x in ()), tuple(x for x in range(0)), sorted(x % 3 for x in range(7)), sum(x for x in range(5)))


def raising(vec):
    return set(1 // (v - 2) for v in vec)


try:
    raising([1, 3, 2, 5])
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)

try:
    tuple(vec[i] for i in range(3) for vec in [(1, 2)])
except IndexError as e:
    print("IndexError", e)


def stopper():
    yield 1
    raise StopIteration


try:
    print(list(stopper()))
except RuntimeError as e:
    print("RuntimeError", e)
try:
    print(set(x for x in stopper()))
except RuntimeError as e:
    print("RuntimeError", e)


def echo(scale):
    got = []
    try:
        while True:
            try:
                v = yield len(got)
                got.append(v * scale)
            except ValueError as e:
                got.append(str(e))
    finally:
        print("closing", got)


g = echo(2)
print(next(g), g.send(3), g.send(4), g.throw(ValueError("bad")), g.send(5))
g.close()
g.close()
try:
    g.send(1)
except StopIteration:
    print("StopIteration after close")

g = (k * k for k in range(4))
print(next(g), next(g), list(g), list(g))
g = (k for k in range(3))
try:
    g.send(1)
except TypeError as e:
    print("TypeError", e)
print(g.send(None), next(g))
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("KeyError", e)
print(list(g))


def nested(n):
    return [tuple(j for j in range(i)) for i in range(n)], set(len(t) for t in (tuple(range(i)) for i in range(n)))


print(nested(4))


def outer_gen(cols):
    for vec in ((1, 0), (0, 1)):
        yield set(vec[i] + i for i in cols), tuple(vec[i] for i in cols)


print(list(outer_gen(range(2))))


class Key:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return self.k % 2

    def __eq__(self, other):
        return self.k == other.k


print(len(set(Key(k) for k in range(4))), len(frozenset(Key(k) for k in (1, 1, 3))))
try:
    set([k] for k in range(3))
except TypeError as e:
    print("TypeError", e)
print(sorted(set(x for x in range(300) if x % 7 == 0))[-3:], len(set(a * b for a in range(30) for b in range(30))))
print(len(list(x for x in range(1000))), tuple(x for x in [1, 2, 3] if x > 1), sorted({1, 2} | set(x for x in (3, 4))))
print(set(x for x in range(5)) == {0, 1, 2, 3, 4}, sorted(frozenset(x % 4 for x in range(10))))

it = iter(range(2, 12, 3))
print(next(it), iter(it) is it, list(it), list(it), next(it, "end"))
it = iter(range(5, -5, -4))
print(type(it) == type(iter(range(0))), list(zip(it, range(10))), sum(range(10**6, 10**6 + 3)))
print(list(enumerate(range(3))), [i * j for i in range(3) for j in range(i)], tuple(range(-3, 0)))
for i in range(2**62, 2**62 + 2):
    print(i)
