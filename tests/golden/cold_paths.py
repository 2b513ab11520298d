# Deleting attributes through each hook, super() lookups, with/async with, set algebra and
# `in` over dict views: the paths that setting and deleting, or `with` and `async with`, share.


class D:
    def __get__(self, obj, cls):
        return "got"

    def __set__(self, obj, v):
        print("set", v)

    def __delete__(self, obj):
        print("delete")


class P:
    d = D()

    def __init__(self):
        self._x = 1

    @property
    def x(self):
        return self._x

    @x.setter
    def x(self, v):
        self._x = v

    @x.deleter
    def x(self):
        print("deleter")
        del self._x

    @property
    def ro(self):
        return 5


p = P()
p.d = 3
del p.d
p.x = 7
print(p.x)
del p.x
print(hasattr(p, "_x"))
for stmt in ("p.ro = 1", "del p.ro", "del p.nothing", "del p.d.q"):
    try:
        exec(stmt)
    except Exception as e:
        print(stmt, type(e).__name__, e)


class H:
    def __setattr__(self, n, v):
        print("setattr", n, v)

    def __delattr__(self, n):
        print("delattr", n)


h = H()
h.a = 1
del h.a


class K:
    c = 1


del K.c
print(hasattr(K, "c"))
for stmt in ("del K.c", "int.x = 1", "del int.x", "del (1).x", "(1).x = 2"):
    try:
        exec(stmt)
    except Exception as e:
        print(stmt, type(e).__name__, e)



class A:
    def m(self):
        return "A.m"

    @classmethod
    def c(cls):
        return "A.c " + cls.__name__

    @staticmethod
    def s():
        return "A.s"


class B(A):
    def m(self):
        return "B>" + super().m()

    @classmethod
    def c(cls):
        return "B>" + super().c()

    @staticmethod
    def s():
        return "B>" + super(B, B).s()


class C(B):
    pass


print(C().m(), C.c(), C.s(), B().c(), super(B, C()).m())
try:
    super(B, C()).nothing
except AttributeError as e:
    print("AttributeError")
print(super(A, A()).__init__ is not None)


class Ctx:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, t, v, tb):
        print("exit", t, v)
        return self.swallow


with Ctx(False) as c:
    print("body")
with Ctx(1):
    raise ValueError("swallowed")
try:
    with Ctx(0):
        raise ValueError("kept")
except ValueError as e:
    print("caught", e)


class ACtx:
    def __init__(self, swallow):
        self.swallow = swallow

    async def __aenter__(self):
        print("aenter")
        return self

    async def __aexit__(self, t, v, tb):
        print("aexit", t)
        return self.swallow


async def run():
    async with ACtx(False):
        print("abody")
    async with ACtx(True):
        raise KeyError(1)
    try:
        async with ACtx(False):
            raise KeyError(2)
    except KeyError as e:
        print("caught", e)


co = run()
try:
    co.send(None)
except StopIteration:
    print("done")

a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b), sorted(b ^ a))
print(sorted(a.union(b)), sorted(a.intersection([4, 9])), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(sorted(frozenset(a) ^ b))

d = {"k": 1, "j": [2]}
print(1 in d.values(), 3 in d.values(), [2] in d.values(), ("k", 1) in d.items(), ("k", 2) in d.items(), "k" in d.keys(), 1 in d.keys())


class S:
    def __str__(self):
        return "S.str"


class R:
    def __repr__(self):
        return "R.repr"


class E(Exception):
    pass


class ER(Exception):
    def __repr__(self):
        return "ER.repr"


print(str(S()), repr(R()), str(R()), [R()], "%s" % R(), str(E(1, 2)), repr(E("a")), str(ER("m")), repr(ER()), str(E()))

import gc


class Hc:
    def __hash__(self):
        gc.collect()
        return 1

    def __eq__(self, o):
        return self is o


s = {Hc(), Hc(), 3, "x" * 3}
print(len(s), len([k for k in s if isinstance(k, Hc)]))


class AIt:
    def __init__(self):
        self.n = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.n += 1
        if self.n > 3:
            raise StopAsyncIteration
        return self.n


async def walk():
    async for v in AIt():
        print("item", v)


co = walk()
try:
    co.send(None)
except StopIteration:
    print("walked")

from collections import namedtuple

Pt = namedtuple("Pt", "x y")
pt = Pt(1, 2)
for stmt in ("pt.x = 5", "del pt.x", "del pt.q"):
    try:
        exec(stmt)
    except AttributeError as e:
        print(stmt, e)
