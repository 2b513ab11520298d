# getattr/hasattr/setattr builtins on instances: the attribute-cache fast path (the class has
# nothing under the name) must agree with the general one as classes and instances change.


class A:
    pass


class P:
    @property
    def x(self):
        return "prop"

    def m(self):
        return "method"


class G:
    def __getattr__(self, name):
        return "ga:" + name


a = A()
for i in range(3):
    for w in ("one", "two", "three"):
        setattr(a, w, getattr(a, w, 0) + 1)
print(getattr(a, "one"), getattr(a, "two", None), hasattr(a, "three"), hasattr(a, "four"))

# More than 16 attributes: they move into a dict, read through the same path.
b = A()
names = ["n%d" % i for i in range(20)]
for n in names:
    setattr(b, n, len(n))
for n in names:
    setattr(b, n, getattr(b, n) * 2)
print([getattr(b, n) for n in names[::5]], hasattr(b, "n19"), hasattr(b, "n20"), getattr(b, "n20", "dflt"))

# A class attribute added after the cache learnt there was none shadows nothing: the
# instance's own value still wins.
c = A()
c.v = "own"
print(getattr(c, "v"))
A.v = "class"
print(getattr(c, "v"), getattr(A(), "v"))
del A.v
print(getattr(c, "v"), hasattr(c, "v"))

p = P()
print(getattr(p, "x"), getattr(p, "m")(), getattr(p, "zz", "none"))
g = G()
g.real = 1
print(getattr(g, "real"), getattr(g, "virtual"), hasattr(g, "anything"))
print(getattr(a, "__class__") is A, hasattr("s", "upper"))
try:
    getattr(a, "missing")
except AttributeError as e:
    print("AttributeError", e)
try:
    getattr(a, 5)
except TypeError as e:
    print("TypeError", e)
for f in (lambda: setattr(a, 5, 1), lambda: hasattr(a, None), lambda: delattr(a, 1.5)):
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
