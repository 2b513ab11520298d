# Instance attributes: held inline, moved into a dict by __dict__ or many names; every path
# (set, get, del, setattr, dir, shadowing a method) must see the same attributes.
class A:
    def __init__(self):
        self.x = 1
        self.y = 2
    def m(self):
        return self.x
a = A()
print(a.x, a.y, a.m())
a.m = lambda: 5
print(a.m())
del a.m
print(a.m())
try:
    del a.zz
except AttributeError as e:
    print("AE", e)
setattr(a, 'w', 3)
print(getattr(a, 'w'), hasattr(a, 'q'))
print(sorted(a.__dict__.items()))
a.k = 9
print(a.k)
a.z = 10
print(sorted(a.__dict__.items()))
del a.x
print(hasattr(a, 'x'), sorted(a.__dict__))
b = A()
for i in range(40):
    setattr(b, 'a%d' % i, i)
print(b.a39, b.a0, b.x, len([n for n in dir(b) if n.startswith('a')]))
del b.a20
print(hasattr(b, 'a20'), b.a21)
c = A()
print('x' in dir(c), 'm' in dir(c))
class S:
    __slots__ = ('p',)
s = S(); s.p = 4; print(s.p)
class E(Exception):
    pass
e = E(1); e.note = 'n'; print(e.args, e.note)
