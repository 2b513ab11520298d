# Returns hand the value straight to the caller's slot (or drop an `__init__`'s None, leaving the
# instance): each case below leaves the stacks as the caller expects them.


def ident(x):
    return x


def in_loop(n):
    for i in range(n):
        if i == 3:
            return i * 10
    return -1


def in_except():
    try:
        raise ValueError("v")
    except ValueError:
        return "from except"


def in_finally(log):
    try:
        return "from try"
    finally:
        log.append("finally ran")


def in_with():
    class Ctx:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            print("exit", a[0])

    with Ctx():
        return "from with"


def nested(n):
    return ident(ident(n) + 1) * 2


# Values below the callee's slot on the caller's stack stay put.
print([ident(1), ident(2), (ident(3), in_loop(5), in_loop(2))], 100 + nested(4))
print(in_except(), in_with())
log = []
print(in_finally(log), log)

# After a return from inside an except block, the caller has no exception being handled.
try:
    raise KeyError("k")
except KeyError:
    in_except()
    try:
        raise
    except KeyError as e:
        print("re-raised", repr(e))


class P:
    def __init__(self, x):
        self.x = x


class Q:
    def __init__(self, x):
        self.x = x
        return None


class R:
    def __init__(self, x):
        return x


print([P(1).x, Q(2).x, P(3).x + Q(4).x])
try:
    R(5)
except TypeError as e:
    print("TypeError:", e)
print(R(None).__class__.__name__)


class S:
    def m(self, a, b):
        return a - b


s = S()
print(s.m(5, 3), S.m(s, 9, 4), [s.m(i, 1) for i in range(3)])
try:
    ident(1, 2)
except TypeError as e:
    print("TypeError:", e)


def gen():
    yield 1
    return 2


def deleg():
    r = yield from gen()
    return r + 40


print(list(gen()), list(deleg()), sorted([3, 1, 2], key=lambda v: ident(-v)))
