# The value stack grows past its first room: deep recursion with wide expressions pending in
# every frame, generators parked mid-expression, and exceptions unwinding through frames that
# still hold operands.


def wide(n):
    # Each frame holds a dozen operands while it recurses.
    if n == 0:
        return 0
    return (n + n * 2 - n + (n % 7) + (n // 3) - (n // 3) + 1 - 1 + 2 * (n - n)) + wide(n - 1) + (1 if n % 2 else 0)


print(wide(150))


def tuple_build(n):
    if n == 0:
        return ()
    return (n, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7, tuple_build(n - 1))


t = tuple_build(100)
depth = 0
while t:
    depth += 1
    t = t[8]
print(depth)


def gen(n):
    # Parked with operands on its stack: `n + (yield ...)` keeps `n` and more pending.
    for i in range(n):
        x = i + 10 * (yield i * 2) + (yield i * 3) * 100
        yield x


def drive(n):
    g = gen(n)
    out = []
    v = next(g)
    try:
        while True:
            out.append(v)
            v = g.send(len(out))
    except StopIteration:
        pass
    return out


print(drive(5))


def nest_gens(k):
    if k == 0:
        yield from range(3)
        return
    for v in nest_gens(k - 1):
        yield v + k


print(list(nest_gens(60)))


class Boom(Exception):
    pass


def raiser(n):
    if n == 0:
        raise Boom("deep")
    return 1 + 2 * (3 + (raiser(n - 1) + 4))


def catcher(n):
    total = 0
    for i in range(n):
        try:
            total += i * (1 + raiser(40 + i))
        except Boom as e:
            total += len(str(e)) + i
    return total


print(catcher(20))


def unwind_keep(n):
    acc = [n, n + 1, n + 2]
    try:
        return acc[0] + acc[1] * (acc[2] + raiser(n))
    except Boom:
        return sum(acc)
    finally:
        acc.append(-1)


print([unwind_keep(k) for k in range(10, 100, 20)])


def comp(n):
    return [[i * j + (i - j) for j in range(i % 5 + 1)] for i in range(n)]


print(sum(sum(r) for r in comp(200)))


def many_args(*a):
    return len(a), sum(a)


print(many_args(*range(300)))
print(many_args(*[i * i for i in range(500)]))


def recurse_limit(n):
    return recurse_limit(n + 1) + 1


try:
    recurse_limit(0)
except RuntimeError as e:
    print("RuntimeError:", e)
