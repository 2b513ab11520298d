# Method calls and attribute stores through the inline caches: an instance attribute that
# shadows a method after the method was called (and cached), on a class and on a subclass;
# class attributes changed after use; stores to existing and new attributes.


class A:
    def m(self):
        return "A.m"

    def n(self):
        return "A.n"


class B(A):
    def n(self):
        return "B.n"


def call_all(objs):
    return [(o.m(), o.n()) for o in objs]


a, b, b2 = A(), B(), B()
print(call_all([a, b, b2]))
b.m = lambda: "b's own m"
a.n = lambda: "a's own n"
print(call_all([a, b, b2]))
del b.m
print(call_all([a, b, b2]))
A.m = lambda self: "new A.m"
print(call_all([a, b, b2]))
B.m = lambda self: "new B.m"
print(call_all([a, b, b2]))
del B.m
print(call_all([a, b, b2]))
# An instance whose attributes moved into a dict (`__dict__` asked for).
d = B()
print(len(d.__dict__), call_all([d]))
d.m = lambda: "d's own m"
print(call_all([d]))
setattr(d, "n", lambda: "d's own n")
print(call_all([d]))
del d.m
print(call_all([d]))


class P:
    scale = 2

    def __init__(self, x):
        self.x = x

    def get(self):
        return self.x * self.scale


ps = [P(i) for i in range(3)]
for rnd in range(3):
    for p in ps:
        p.x = p.x + 1
    print([p.get() for p in ps])
    P.scale += 1
ps[0].scale = 100
print([p.get() for p in ps])
ps[1].y = 5
print(ps[1].y, sorted(ps[1].__dict__.items()))
ps[1].x = 9
print(ps[1].get(), sorted(ps[1].__dict__.items()))


class Slotted:
    @property
    def v(self):
        return 42

    @v.setter
    def v(self, val):
        print("setter", val)


s = Slotted()
for i in range(2):
    s.v = i
    print(s.v)

# Methods of built-in objects, called through the same caches.
words = "the cat sat on the mat".split()
seen = {}
lst = []
for w in words:
    seen[w] = seen.get(w, 0) + 1
    lst.append(w.startswith("t"))
print(sorted(seen.items()), lst)
print("abc".startswith(("x", "ab")), "abc".endswith(("x", "y")), "abc".startswith("bc", 1), "abc".endswith("b", 0, 2))
print(b"abc".startswith(b"a"), bytearray(b"abc").endswith((b"bc",)), "abc".startswith(()))


class S(str):
    pass


class T(tuple):
    pass


print(S("abc").endswith(("x", "c")), S("abc").startswith("ab"))
for bad in (1, ("x", 2), (2, "a")):
    try:
        "abc".startswith(bad)
    except TypeError as e:
        print("TypeError:", e)


# Methods of list and dict subclasses, and of the wrong receiver.
class L(list):
    pass


class D(dict):
    pass


l, d = L(), D(a=1)
for i in range(3):
    l.append(i)
    l.append(-i)
print(l, d.get("a"), d.get("b", 0), d.get("a", 2))
for f, args in ((list.append, (5, 1)), (dict.get, (5, "a")), (dict.get, ([], "a"))):
    try:
        f(*args)
    except TypeError as e:
        print("TypeError")
