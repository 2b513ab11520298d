# struct: pack, pack_into and unpack walk one layout; every code, order, count and pad.
import struct

fmts = ['<bI', '>bxI3xH', '@bi', '@hq', '@bP', '@be', '@bf', '@bd', '3s', '<5sh', '>2h3s', 'b0q', 'x0b',
        '<hhl', '>iIq', '@BHLQ', '2x3b', '!h', 'bb\0z', '<e', '>e', '>d', '<f', '0s', '4sb']
vals = [1, 2, 3, -4, 5, 6]
for f in fmts:
    n = struct.calcsize(f)
    print(f, n)
    try:
        args = []
        for c in f:
            if c == 's':
                args.append(b'abcdefg')
            elif c in 'efd':
                args.append(1.5)
        p = struct.pack(f, *(args or vals))
        print(' pack', p)
        print(' unpack', struct.unpack(f, p))
    except Exception as e:
        print(' err', type(e).__name__, e)
# fewer values than slots: zeros; more: ignored
print(struct.pack('<4h', 1, 2))
print(struct.pack('<h', 1, 2, 3))
print(struct.pack('>3sh', b'xy'))
print(struct.pack('>3sh'))
print(struct.unpack('>3sh', b'xyz\x00\x05'))
print(struct.unpack_from('<h', b'\x01\x02\x03\x04', 2))
print(struct.unpack_from('<h', b'\x01\x02\x03\x04', -2))
for off in (3, -5, 5):
    try:
        print(struct.unpack_from('<h', b'\x01\x02\x03\x04', off))
    except ValueError as e:
        print('ValueError', e)
try:
    struct.unpack('<i', b'abc')
except ValueError as e:
    print('ValueError', e)
b = bytearray(8)
struct.pack_into('<hh', b, 2, 0x102, -1)
print(b)
struct.pack_into('>h', b, -2, 7)
print(b)
try:
    struct.pack_into('<i', b, 6, 1)
except ValueError as e:
    print('ValueError', e)
print(struct.unpack('<2e', struct.pack('<2e', 65504.0, -0.5)))
print(struct.unpack('@b2q', struct.pack('@b2q', -1, 2**40, -3)))
print(struct.pack('>Q', 2**64 - 1), struct.unpack('>Q', b'\xff' * 8))
print(struct.pack('<bbb', 1, 2, 3), struct.unpack('<3B', b'\xfe\xff\x00'))
print(struct.calcsize('1000000000b'), struct.calcsize('b0q'), struct.calcsize('bq'))
