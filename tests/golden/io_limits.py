# io streams and micropython.RingIO share read/readline/readinto/write: their size limits.
import io, micropython
for B in (io.BytesIO, io.StringIO):
    s = B(b'abc\ndef\n' if B is io.BytesIO else 'abc\ndef\n')
    print(s.readline(2), s.readline(-1), s.readline(0), s.readline(), s.readline(), s.read(5))
    s.seek(1)
    print(s.read(2), s.read(-1), s.read(0), s.read())
s = io.BytesIO(b'abcdef')
b = bytearray(4)
for n in (-1, 0, 2, 9, None):
    s.seek(0)
    try:
        print(n, s.readinto(b, n), b)
    except Exception as e:
        print(n, type(e).__name__, e)
r = micropython.RingIO(8)
print(r.write(b'hello\nworld'), r.any())
print(r.readline(3), r.readline(), r.read(2), r.read(-1), r.read(), r.any())
r.write(b'12345678')
b = bytearray(3)
print(r.readinto(b, -1), bytes(b), r.readinto(b, 1), bytes(b), r.readinto(b), bytes(b))
print(r.write(b'abcdefghij'), r.read(), r.any())
print(r.write(b'ab\ncd'), r.readline(-1), r.write(b'wxyz0123'), r.read(20))
try:
    r.readinto(b, None)
except TypeError as e:
    print('TypeError', e)
print(r.close(), r.write(b'x'), r.read())
print(hasattr(r, 'seek'), hasattr(r, 'getvalue'), hasattr(r, 'tell'), hasattr(r, 'flush'), hasattr(r, '__enter__'))
print(r)
