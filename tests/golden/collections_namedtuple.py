# namedtuple as MicroPython's collections makes it (fields as a str or a sequence).
import collections
import ucollections
from collections import namedtuple

print(collections is ucollections)
T = namedtuple('Point', 'x y')
print(T, type(T), T.__name__, T.__bases__)
p = T(1, 2)
print(p, repr(p), str(p), '%s' % (p,), bool(p), len(p), p[0], p[-1], p[0:1])
print(isinstance(p, tuple), type(p), p == (1, 2), hash(p) == hash((1, 2)), p.__class__)
x, y = p
print(x, y, p.x, p.y, list(p), tuple(p), 1 in p, p + (3,), p * 2)
print(hasattr(p, '_asdict'), hasattr(p, '_replace'), hasattr(T, '_fields'))
print(T(y=1, x=2), T(*[5, 6]), T(**{'x': 1, 'y': 2}), T(1, y=[2]))
print(sorted([T(2, 1), T(1, 2)]), {p: 1}[(1, 2)])
print(namedtuple('A', ['a', 'b'])(1, 2), namedtuple('B', ('a',))(3), namedtuple('E', '')())
print(namedtuple('U', ' a\tb\n  c ')(1, 2, 3), namedtuple('E', 'a,b')(1), namedtuple('N', 'a a')(1, 2))
for f in (lambda: T(1), lambda: T(1, 2, 3), lambda: T(), lambda: T(1, z=2), lambda: T(1, x=2),
          lambda: T(1, y=2, x=3), lambda: namedtuple('C', 5), lambda: namedtuple('C', [5]),
          lambda: namedtuple(5, 'a'), lambda: p.nope, lambda: p.y.foo):
    try:
        f()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
for name in ('x', 'z'):
    try:
        setattr(p, name, 3)
    except AttributeError as e:
        print(name, e)


class P(T):
    def norm(self):
        return self.x + self.y


q = P(3, 4)
q.z = 5
print(q, type(q), q.norm(), q.z, isinstance(q, T), type(T(1, 2)) is T)
import json
print(json.dumps(p), json.dumps([p, {'a': p}]))
import sys
print(str(sys.implementation).find("version=") > 0, sys.implementation.name, sys.implementation[0])
print(sys.implementation is sys.implementation, hasattr(sys, 'nope'))
try:
    sys.nope
except AttributeError as e:
    print(e)
