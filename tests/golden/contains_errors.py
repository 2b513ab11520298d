# `x in y` when y cannot hold x: MicroPython's messages for numbers, str and bytes containers.
def t(x, y):
    try:
        print(repr(x), repr(y), x in y)
    except Exception as e:
        print(repr(x), repr(y), type(e).__name__, e)

vals = [1, True, False, 2.0, 1j, 10**20, 'a', None]
for x in vals:
    for y in vals:
        t(x, y)
for x, y in [('a', b'abc'), ([1], 'abc'), (b'a', 'abc'), (1.5, b'abc'), (97.0, b'abc'), (300, b'abc'), (-1, b'abc'),
             ('a', bytearray(b'abc')), (97, bytearray(b'abc')), (1.5, bytearray(b'abc')), (None, bytearray(b'abc')),
             (b'b', bytearray(b'abc')), (memoryview(b'b'), b'abc'), (bytearray(b'c'), b'abc'), (b'', b'abc')]:
    t(x, y)
