# setattr() remembers, per class and name, that a store goes straight to the instance (no data
# descriptor, no __setattr__); every class change must end that, for inline and dict instances,
# for setattr() and `o.name = v` alike.
class A:
    pass


def fill(o, names, v):
    for n in names:
        setattr(o, n, getattr(o, n, 0) + v)


few = ["p", "q"]
many = ["n%d" % i for i in range(30)]
a = A()
b = A()
for _ in range(3):
    fill(a, few, 1)
    fill(b, many, 1)
print(a.p, a.q, b.n0, b.n29)

# A __setattr__ added to the class takes every later store.
log = []


def spy(self, name, v):
    log.append((name, v))


A.__setattr__ = spy
fill(a, few, 10)
fill(b, many[:2], 10)
a.q = 99
print(a.p, a.q, b.n0, log)
del A.__setattr__
fill(a, few, 1)
a.q = 5
print(a.p, a.q, len(log))

# A property for a name stored plainly before (on another instance of the class).
a2 = A()
setattr(a, "r", 7)
A.r = property(lambda self: "prop", lambda self, v: log.append(("prop", v)))
setattr(a2, "r", 8)
a2.r = 9
print(a2.r, log[-2:])
del A.r
setattr(a2, "r", 10)
print(a2.r)


# A __setattr__ inherited from a base class takes the stores of every subclass instance.
class B:
    def __setattr__(self, n, v):
        log.append(("B", n, v))


class C(B):
    pass


c = C()
for i in range(3):
    setattr(c, "x", i)
    c.y = i
print(hasattr(c, "x"), log[-2:])


# A descriptor whose type gains __set__ after stores through it were plain.
class D:
    def __get__(self, obj, cls):
        return "got"


class E:
    d = D()


e = E()
setattr(e, "d", 1)
print(e.__dict__)
e2 = E()
D.__set__ = lambda self, obj, v: log.append(("D", v))
setattr(e2, "d", 2)
e2.d = 3
print(e2.d, log[-2:], e2.__dict__)


# A plain class attribute is shadowed by the instance's own, not replaced.
class F:
    v = 1


f = F()
for i in range(3):
    setattr(f, "v", i + 10)
print(f.v, F.v)
