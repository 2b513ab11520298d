# Keyword arguments to natives: the ones that take them (print, sorted, list.sort, json.dumps,
# math.isclose…) work, any other refuses them before it runs, as MicroPython does: a
# constructor's keywords go to a Python __init__ when the class has one.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: 'a,b'.split(sep=','))
t(lambda: int('ff', base=16))
t(lambda: round(2.5, ndigits=1))
t(lambda: 'abc'.encode(encoding='utf-8'))
t(lambda: b'abc'.decode(encoding='utf-8'))
t(lambda: [3,1,2].sort(reverse=True))
t(lambda: sorted([3,1,2], reverse=True))
t(lambda: max([1,2], key=lambda x: -x))
t(lambda: max([], default=5))
t(lambda: enumerate('ab', start=1))
t(lambda: list(enumerate('ab', start=1)))
t(lambda: print('a', 'b', sep='-', end='!\n'))
t(lambda: dict(a=1))
t(lambda: {}.update(a=1))
t(lambda: 'x{a}'.format(a=1))
t(lambda: int.from_bytes(b'\x01\x00', 'little', signed=False))
t(lambda: (5).to_bytes(2, 'big', signed=True))
t(lambda: str(b'abc', encoding='utf-8'))
t(lambda: bytes('abc', encoding='utf-8'))
t(lambda: range(stop=5))
t(lambda: zip([1], strict=True))
t(lambda: min(1, 2, key=abs))
t(lambda: sum([1], start=5))
t(lambda: divmod(a=1, b=2))
t(lambda: isinstance(1, cls=int))
t(lambda: getattr(1, name='real'))
t(lambda: open('no such file', mode='r'))
t(lambda: pow(2, 3, mod=5))
t(lambda: hex(x=1))
t(lambda: 'abc'.startswith(prefix='a'))
t(lambda: 'abc'.replace('a', 'b', count=1))
t(lambda: [1].index(1, start=0))
t(lambda: 'a b'.rsplit(maxsplit=1))
t(lambda: ' a '.strip(chars=' '))
import json
t(lambda: json.dumps([1,2], separators=(',', ':')))
t(lambda: json.dumps({'a':1}, indent=2))
import time
t(lambda: time.sleep(secs=0))
import math
t(lambda: math.isclose(1, 1.0000001, rel_tol=1e-3))
t(lambda: math.log(x=1))
import struct
t(lambda: struct.pack(fmt='b', v=1))
import collections
t(lambda: collections.namedtuple('P', 'x y', rename=False))
t(lambda: collections.deque((), maxlen=3))
t(lambda: collections.OrderedDict(a=1))
import random
t(lambda: random.randint(a=1, b=2))
class A(list):
    def __init__(self, x=0):
        super().__init__()
        self.x = x
t(lambda: A(x=1).x)
class D(dict):
    pass
t(lambda: D(a=1))
class E(Exception):
    def __init__(self, msg, code=0):
        super().__init__(msg)
        self.code = code
t(lambda: E('m', code=3).code)
class F(Exception):
    pass
t(lambda: F(code=3))
t(lambda: ValueError(code=3))
class I(int):
    pass
t(lambda: I(5, zzz=1))
t(lambda: range(stop=5))
t(lambda: list(x=1))
t(lambda: set().update(x=1))
