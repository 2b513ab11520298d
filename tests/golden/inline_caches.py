# Global and attribute lookups stay right when what they found changes (inline caches).
import gc


def use_len():
    return len([1, 2, 3])


print(use_len())
len = lambda x: 42  # a global now shadows the builtin
print(use_len())
del len
print(use_len())


def read_g():
    return g


try:
    read_g()
except NameError as e:
    print("NameError", e)
g = 1
print(read_g())
g = 2
print(read_g())
for i in range(30):  # grow the globals so positions move
    globals()["filler%d" % i] = i
print(read_g())
del g
try:
    read_g()
except NameError:
    print("gone")
g = 3
print(read_g())


class A:
    def m(self):
        return "A.m"

    x = "class x"


class B:
    def m(self):
        return "B.m"

    x = "B x"


def call_m(o):
    return o.m(), o.x


a, b = A(), B()
print(call_m(a), call_m(b), call_m(a))
a.x = "instance x"
print(call_m(a))
A.m = lambda self: "new A.m"
print(call_m(a), call_m(A()))
a.m = lambda: "instance m"
print(call_m(a))
del a.x
print(call_m(a))


class P:
    def __init__(self):
        self._v = 0

    def set(self, v):
        self.w = v


p = P()
p.set(1)
print(p.w)
P.w = property(lambda self: self._v * 10, lambda self, v: setattr(self, "_v", v))
q = P()
q.set(5)  # the setter runs now
print(q.w, q._v)
del P.w
q.set(7)
print(q.w)


for k in range(3):
    objs = [A() for _ in range(50)]
    gc.collect()
    print(call_m(objs[0]), use_len())

ns = {"g": "exec globals"}
exec("def f():\n    return g, len('ab')\n", ns)
print(ns["f"](), read_g())
