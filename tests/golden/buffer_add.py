from array import array
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
for l in (b'ab', bytearray(b'cd')):
    for r in (array('b', [1]), memoryview(array('h', [1])), memoryview(b'xy')[1:], array('i')):
        t(lambda: l + r)
