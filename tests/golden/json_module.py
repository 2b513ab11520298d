# json (a frozen Python stand-in for MicroPython's C module) prints and parses as MicroPython's
# modjson.c, with its error messages; the expected output is MicroPython's.
import json, io, sys
from collections import namedtuple, OrderedDict
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
P = namedtuple('P', 'x y')
class L(list): pass
class R:
    def __repr__(self): return 'R!'
class D(dict): pass
class S(str): pass
for o in [None, True, False, 0, -12, 2**70, 1.5, 1e100, 1e-7, float('inf'), float('nan'), -0.0, 1.0, 123456789.0, 'a"b\\c\n\r\t\x01\x1f\x7f é', b'by"tes', bytearray(b'ba'),
          [], (), (1,), [1, [2, (3, 4)]], {}, {'a': 1}, {2: 3}, {None: 4}, {(1, 2): 5}, {1.5: 6}, {True: 7}, {b'k': 8}, {'x'}, set(), frozenset([2]),
          P(1, 'q'), L([1, 'x']), R(), D(a=[1]), S('s"'), OrderedDict([('z', 1), ('a', 2)]), 1j, range(3), len, [R(), None]]:
    t(lambda: json.dumps(o))
t(lambda: json.dumps([1, {'a': 2}], separators=(',', ':')))
t(lambda: json.dumps([1, {'a': 2}], (';', '=')))
t(lambda: json.dumps([1, {'a': 2}], separators=[' , ', ' : ']))
t(lambda: json.dumps([1], separators=None))
t(lambda: json.dumps([1], separators=(1, 2)))
t(lambda: json.dumps([1], separators=('a',)))
t(lambda: json.dumps([1], separators='ab'))
t(lambda: json.dumps([1], separators=5))
t(lambda: json.dumps([1], indent=2))
t(lambda: json.dumps())
t(lambda: json.dumps(1, 2, 3))
t(lambda: json.dump(1))
t(lambda: json.dump(1, 2))
t(lambda: json.dump(1, None))
s = io.StringIO(); json.dump({'k': [1, 2]}, s); print(repr(s.getvalue()))
s = io.StringIO(); json.dump({'k': [1, 2]}, s, separators=(',', ':')); print(repr(s.getvalue()))
b = io.BytesIO(); t(lambda: json.dump([1, 'x'], b)); print(repr(b.getvalue()))
for src in ['1', ' 1 ', '-1', '+1', '1.5', '-2.5e1', '1e5', '1E5', '1.', '.5', '01', '1-2', '--1', '9111222333444555666', '-9111222333444555666', '1e400', '"a\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t\\x"', '"\\u12"', '"abc', 'null', 'nul', 'true', 'truex', 'false', 'nan', '[1, 2, [3]]', '[1 2 3]', '{"a" 1 "b" 2}', '{"a": 1,}', '[1,]', '[,1]', '{"a"}', '{"a": }', '{1: 2}', '{[]: 1}', '{"a": []}', '[}', '{]', '[1', '{"a":', ']', '[1] x', '', ' ', '1 2', '[] []', '"\x01"', '\n[1]\t', '{"a": 1, "a": 2}', '[1.5e+3, -0, -0.0]', '[true,false,null]', 'x', '[1]\x00', '\x00', '"\\', 'tru', '-', '1e', '[-]']:
    t(lambda: json.loads(src))
t(lambda: json.loads(b'[1, "b"]'))
t(lambda: json.loads(bytearray(b'{"x": 2}')))
t(lambda: json.loads(1))
t(lambda: json.loads(None))
t(lambda: json.loads())
t(lambda: json.loads('1', 2))
t(lambda: json.load(io.StringIO('[1, 2]')))
t(lambda: json.load(io.BytesIO(b'{"a": null}')))
t(lambda: json.load(1))
t(lambda: json.load(io.StringIO('[1')))
t(lambda: json.loads('[' * 50 + ']' * 50))
class M(list):
    def __repr__(self):
        return 'M!'
t(lambda: json.dumps([M([1]), b'x\ny']))
a = []
for i in range(5000):
    a = [a]
t(lambda: json.dumps(a))
x = json.loads('[' * 10000 + ']' * 10000)
n = 0
while x:
    x = x[0]
    n += 1
print(n)
import ujson
print(ujson is json, ujson)
