def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
from array import array
class I(int): pass
class B(bytes): pass
class BA(bytearray): pass
for k in (bytes, bytearray, B, BA):
    print(k.__name__)
    t(lambda: k()); t(lambda: k(3)); t(lambda: k(0)); t(lambda: k(-1) if k in (bytes, B) else 0)
    t(lambda: k(True)); t(lambda: k(2, 3)); t(lambda: k('ab')); t(lambda: k('ab', 'utf-8')); t(lambda: k('é', 'utf-8', 'strict'))
    t(lambda: k('ab', 'utf8', 'x', 'y')); t(lambda: k(b'xy', 1)); t(lambda: k(b'xy')); t(lambda: k(bytearray(b'q'), 2))
    t(lambda: k(bytearray(b'q'))); t(lambda: k(array('h', [258]))); t(lambda: k(memoryview(b'abc')[1:]))
    t(lambda: k([1, 255])); t(lambda: k([256])); t(lambda: k([-1])); t(lambda: k((2**65 + 3,))); t(lambda: k(['a']))
    t(lambda: k(range(3))); t(lambda: k(1.5)); t(lambda: k(None)); t(lambda: k([1], 2)); t(lambda: k(B(b'z')))
    t(lambda: k(x=1)); t(lambda: k(BA(b'w'), 1, 2, 3))
b = b'abc'
print(bytes(b) is b, B(b) is b, type(B(b)).__name__)
