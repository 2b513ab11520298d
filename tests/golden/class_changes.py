# Classes changed after their attributes were looked up: every lookup sees the change
# (the VM caches class attribute lookups).


class Base:
    kind = "base"

    def f(self):
        return "Base.f"


class Sub(Base):
    pass


s = Sub()
for _ in range(3):
    print(s.f(), s.kind, Sub.kind)

# A method replaced on the base class, then overridden on the subclass.
Base.f = lambda self: "new Base.f"
print(s.f())
Sub.f = lambda self: "Sub.f"
print(s.f())
del Sub.f
print(s.f())

# Class attributes: set, shadowed by the instance, deleted.
Base.kind = "changed"
print(s.kind, Sub.kind)
s.kind = "instance"
print(s.kind, Sub.kind)
del s.kind
print(s.kind)
del Base.kind
try:
    print(s.kind)
except AttributeError as e:
    print("AttributeError", e)

# __getattr__, a property and __setattr__ added to a class after misses were seen.
class Leaf:
    pass


t = Leaf()
try:
    t.missing
except AttributeError:
    print("missing")
Leaf.__getattr__ = lambda self, name: "getattr " + name
print(t.missing)
Leaf.p = property(lambda self: "property")
print(t.p)
t.a = 1
Leaf.__setattr__ = lambda self, name, v: print("setattr", name, v)
t.b = 2
print(t.a, t.b)
del Leaf.__setattr__
t.c = 3
print(t.c)

# Writes through the class __dict__ and setattr().
setattr(Sub, "g", lambda self: "g via setattr")
print(s.g())


# Special methods added to a class whose instances were already compared and printed.
class P:
    pass


p, q = P(), P()
print(p == q)
P.__eq__ = lambda a, b: True
print(p == q)
P.__repr__ = lambda self: "<P>"
print(repr(p))


# Many classes made and dropped: lookups never answer for a class that is gone.
def make(i):
    class K:
        v = i

        def get(self):
            return self.v

    return K()


import gc

total = 0
for i in range(200):
    total += make(i).get()
    if i % 50 == 0:
        gc.collect()
print(total)
