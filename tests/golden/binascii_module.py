# binascii (a frozen Python stand-in for MicroPython's C module): hex, base64 (MicroPython's
# lenient decoder) and CRC-32, with MicroPython's errors; the expected output is MicroPython's.
import binascii as b
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
for x in [b'', b'\x01\xab\xff', 'ab', bytearray(b'xy'), memoryview(b'q'), 5, None]:
    t(lambda: b.hexlify(x))
for s in [b':', ':', b'', '', b'::', 1, None]:
    t(lambda: b.hexlify(b'\x01\x02\x03', s))
t(lambda: b.hexlify(b''))
t(lambda: b.hexlify(b'', ':'))
t(lambda: b.hexlify(b'a', ':', 3))
t(lambda: b.hexlify())
for x in [b'', b'0102', b'ABcd', b'0', b'gg', b'01 02', b'0 1', '0a0b', b'01\n', 1, bytearray(b'ff'), b'0x', b'+1', b' 1']:
    t(lambda: b.unhexlify(x))
for x in [b'', b'Zg==', 'Zm8=', b'Zm9v===YmFy', b'Zm\x009v\n', b'Zg==Zg==', b'Zm9=v', b'Zm9v=Zg==', b'abc', b'abcde=', b'ab*d', b'ab=cdef=', b'Z===', b'Zg=', b'Zm9vY===', 5, bytearray(b'Zm9v')]:
    t(lambda: b.a2b_base64(x))
for x in [b'', b'f', 'fo', b'foo', b'foob', bytearray(b'fooba'), 1]:
    t(lambda: b.b2a_base64(x))
t(lambda: b.b2a_base64(b'foo', newline=False))
t(lambda: b.b2a_base64(b'foo', newline=0))
t(lambda: b.b2a_base64(b'foo', newline=[1]))
t(lambda: b.b2a_base64(b'foo', False))
t(lambda: b.b2a_base64(b'foo', nl=False))
t(lambda: b.b2a_base64())
t(lambda: b.b2a_base64(b'a', 1, 2))
t(lambda: b.a2b_base64())
t(lambda: b.a2b_base64(b'a', 1))
t(lambda: b.unhexlify(b'a', 1))
for a in [(b'',), (b'abc',), ('abc',), (b'abc', 5), (b'abc', -1), (b'abc', 2**32 + 5), (b'abc', 2**70), (b'abc', 'x'), (b'abc', 1.5), (1,), (), (b'a', 1, 2)]:
    t(lambda: b.crc32(*a))
t(lambda: b.crc32(b'x', crc=1))
print(hex(b.crc32(bytes(range(256)) * 40)), b.a2b_base64(b.b2a_base64(bytes(range(256)))) == bytes(range(256)))
