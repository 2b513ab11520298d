from array import array
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
a = array('h', [1, -2, 3, 4])
m = memoryview(a)
print(a[1], a[-1], m[1], m[-4], a[1:3], list(m[1:3]), list(m[2:]))
t(lambda: a[4]); t(lambda: m[-5]); t(lambda: a['x']); t(lambda: m[::2])
def s(o, i, v):
    o[i] = v
    return o
def ss(o, i, j, v):
    o[i:j] = v
    return o
t(lambda: s(a, 0, 70000)); t(lambda: s(m, 1, -9)); t(lambda: s(a, 1, 'x')); t(lambda: s(m, 9, 1))
t(lambda: ss(a, 1, 3, array('h', [5, 6, 7]))); print(list(m))
t(lambda: ss(m, 0, 2, array('h', [8]))); t(lambda: ss(m, 0, 2, array('H', [8, 9]))); print(a)
t(lambda: ss(a, 0, 2, b'')); t(lambda: ss(a, 0, 5, array('h')))
r = memoryview(b'abcd')
t(lambda: s(r, 0, 1)); t(lambda: s(r, 0, 'x')); t(lambda: s(r, 9, 1)); t(lambda: ss(r, 0, 1, b'z')); t(lambda: ss(r, 0, 1, 'z'))
t(lambda: ss(r, 0, 1, b'zz'))
print(r[0], r[-1], bytes(r[1:3]))
ba = bytearray(b'abcdef')
v = memoryview(ba)[2:5]
v[0] = 65; v[1:3] = b'XY'; print(ba, list(v), v[2])
t(lambda: ss(v, 0, 2, b'xyz'))
o = array('O', [1, 'a', None])
mo = memoryview(o)
print(o[1], mo[0], o[0:2], list(mo[1:]))
o[0] = 'q'; mo[1] = 5; print(o)
t(lambda: ss(o, 0, 1, array('O', [7, 8]))); t(lambda: ss(mo, 0, 2, array('O', [9])))
t(lambda: ss(mo, 0, 2, array('O', [9, 10]))); print(o, len(o))
class A(array): pass
x = A('b', [1, 2, 3])
print(x[0], type(x[0:2]).__name__, x[0:2]); x[1] = -1; x[0:1] = b'\x05\x06'; print(x, list(memoryview(x)))
f = array('f', [1.5, 2]); f[0] = 3; print(f, memoryview(f)[1])
d = array('d', [0.25]); d[0:1] = array('d', [7.5]); print(d)
q = array('Q', [2**64-1]); print(q[0], memoryview(q)[0]); q[0] = -1; print(q)
big = array('B', range(10)); mb = memoryview(big)[3:7]; print(list(mb), mb[-1])
for it in (array('i', [1,2]), memoryview(array('I', [3,4]))[1:]):
    print([y for y in it])
print(repr(array('b')), array('O', [array('b',[1])]))
