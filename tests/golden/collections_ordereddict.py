# OrderedDict: a dict subclass; equality is order-sensitive and only between OrderedDicts.
from collections import OrderedDict

o = OrderedDict([('b', 1), ('a', 2)])
print(o, repr(o), str(o), type(o), OrderedDict, bool(o), bool(OrderedDict()), len(o), isinstance(o, dict))
print(o == OrderedDict(b=1, a=2), o == OrderedDict(a=2, b=1), o == {'b': 1, 'a': 2}, {'b': 1, 'a': 2} == o)
print(o != OrderedDict(a=2, b=1), o != OrderedDict(b=1, a=2))
o['c'] = 3
print(o, list(o), list(o.keys()), list(o.values()), list(o.items()), [k for k in o])
print(o.popitem(), o, o.pop('b'), o)
o['b'] = 7
print(o, o.get('a'), o['a'], 'a' in o)
del o['a']
o.update({'z': 0})
print(o, o.copy(), type(o.copy()), o.copy() is o)
print(type(OrderedDict.fromkeys('abc')), OrderedDict(), OrderedDict(o), OrderedDict({'x': 1}, y=2))
print(o.setdefault('k', 5), o)
for f in (lambda: o['q'], lambda: setattr(o, 'foo', 1), lambda: o.move_to_end('b'), lambda: hash(o)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
o.clear()
print(o)
try:
    o.popitem()
except KeyError as e:
    print(e)


class O2(OrderedDict):
    pass


x = O2(a=1)
x.attr = 2
print(x, type(x), x.attr, x == OrderedDict(a=1))
import json
print(json.dumps(OrderedDict(a=1)), dict(OrderedDict(a=1)), OrderedDict(a=1) == OrderedDict(a=1.0))
print(OrderedDict(a=[1]) == OrderedDict(a=[1]), sorted(OrderedDict(b=1, a=2)), sum(OrderedDict({1: 0, 2: 0})))
