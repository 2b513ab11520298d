# Ints at the edges of the 49-bit small ints and of i64: results beyond the small range are
# heap big ints (value.rs), and i64-range big ints are accepted where any i64 was.
B = 2**48
for x in [B - 1, B, -B, -B - 1, 2**62, -2**63, 2**63 - 1, 2**63]:
    print(x, x + 1, x - 1, x * 2, x // 3, x % 7, -x, abs(x), x >> 1, x << 1, x & 0xFFFF, x | 1, x ^ 3, ~x, hash(x) == hash(x), x == x + 0, x < x + 1)
print(sum(range(B - 2, B + 3)), list(range(B - 1, B + 2)), range(B, B + 10)[3], len(range(0, 2**62, 2**40)))
import struct
print(struct.unpack('<q', struct.pack('<q', 2**60)), struct.unpack('<Q', struct.pack('<Q', 2**63 + 5)), struct.unpack('<i', struct.pack('<i', -5)))
import array
a = array.array('q', [2**60, -2**60, 5]); print(a, a[0], list(a))
import json
print(json.loads('[281474976710656, -281474976710657, 123456789012345678]'))
print(int('281474976710656'), int(2.0**60), int(-2.0**50), round(2.0**55), float(2**60), 2**60 / 2)
print([i for i in range(B - 2, B + 2)], min(B, B + 1), max(-B, -B - 1))
print(divmod(2**60, 7), pow(2, 50), pow(3, 40, 2**62), 10**15 * 1000)
l = [1, 2, 3]; print(l[B - B], (2**50).to_bytes(8, 'little'), int.from_bytes(b'\xff' * 7, 'little'))
d = {2**50: 'a', 2**62: 'b'}; print(d[2**50], d[2**62], 2**50 in d, (2**49) * 2 in d)
import sys; print(sys.maxsize, sys.maxsize + 1)
x = 2**47
for i in range(4):
    x = x * 2 + 1
    print(x, type(x), x - 1 == x - 1)
print(float('nan'), -float('nan'))
import math
print(math.copysign(1, -float('nan')), struct.pack('<d', -float('nan')), struct.pack('<d', float('nan')))
print(math.floor(2.0**52), math.ceil(-2.0**52 - 0.5), math.trunc(1e15), int(1e17))
print("%d %x" % (2**50, 2**50), "{:d}".format(-2**55), str(2**49), repr(-2**49), hex(2**49), bin(2**48))
# Floats are unboxed bit for bit: a NaN keeps its payload and its sign.
for b in (b'\x01\x00\x00\x00\x00\x00\xf8\x7f', b'\x00\x00\x00\x00\x00\x00\xf8\xff', b'\x00\x00\x00\x00\x00\x00\x00\x80'):
    print(struct.pack('<d', struct.unpack('<d', b)[0]) == b)
# __hash__ may return an int past the small ints (a heap big int here).
class H:
    def __hash__(self):
        return 1 << 60
print(hash(H()), hash(H()) == 1 << 60, len({H(): 1, 2: 2}))
# An int past the small ints hashes as it did as an i64, so an equal float finds its key.
print(hash(-2**50), hash(-2**50) == hash(float(-2**50)), {-2**50: 1}.get(float(-2**50)), {2**50: 2}.get(2.0**50))
# Sums, differences and order of two small ints are computed on their words (value.rs).
for a in [B - 1, -B, -1, 0, 1]:
    for b in [B - 1, -B, -1, 1]:
        print(a + b, a - b, a < b, a <= b, a > b, a >= b, a == b, a != b, end='; ')
    print()
