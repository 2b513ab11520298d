# binascii: hex and base64 conversions and CRC-32 as MicroPython's modbinascii.c, in Python (as
# Rust it cost ~1.3 KB of gzipped wasm). Data is anything with the buffer protocol, str too.

_B64 = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
# Each byte's base64 value, 255 for a byte that is not a digit.
_SEXTETS = bytearray(b'\xff' * 256)
for _i in range(64):
    _SEXTETS[_B64[_i]] = _i
_crcs = None


def _buf(data):
    return bytes(memoryview(data))


def hexlify(data, sep=...):
    # The separator is the first character of sep (NUL if it is empty), as bytes.hex takes it.
    data = _buf(data)
    return (data.hex() if sep is ... else data.hex(sep)).encode()


def unhexlify(data):
    return bytes.fromhex(_buf(data))


def a2b_base64(data):
    # MicroPython's lenient decoder: other bytes are skipped, and padding ends the data only
    # where it completes a group; bits left over are "incorrect padding".
    out = bytearray()
    bits = n = 0
    pad = False
    for c in _buf(data):
        if c == 61:
            if n == 2 or (n == 4 and pad):
                n = 0
                break
            pad = True
        v = _SEXTETS[c]
        if v > 63:
            continue
        pad = False
        bits = (bits << 6 | v) & 0xffffff
        n += 6
        if n >= 8:
            n -= 8
            out.append(bits >> n & 255)
    if n:
        raise ValueError('incorrect padding')
    return bytes(out)


def b2a_base64(data, *args, newline=True):
    # newline may come second too (mp_arg_parse_all).
    if args:
        if len(args) > 1:
            raise TypeError('extra positional arguments given')
        newline = args[0]
    data = _buf(data) + b'\0\0'
    out = bytearray()
    t = _B64
    n = len(data) - 2
    for i in range(0, n, 3):
        v = data[i] << 16 | data[i + 1] << 8 | data[i + 2]
        out += bytes((t[v >> 18], t[v >> 12 & 63], t[v >> 6 & 63], t[v & 63]))
    if n % 3:
        out[n % 3 - 3:] = b'=='[n % 3 - 1:]
    if newline:
        out.append(10)
    return bytes(out)


def crc32(data, crc=0):
    # The zlib CRC, continuing from crc (taken modulo 2**32), with a table made at first use.
    global _crcs
    if _crcs is None:
        _crcs = []
        for c in range(256):
            for _ in range(8):
                c = c >> 1 ^ 0xedb88320 if c & 1 else c >> 1
            _crcs.append(c)
    hex(crc)  # MicroPython's TypeError for a non-int
    t = _crcs
    c = ~crc & 0xffffffff
    for b in _buf(data):
        c = t[(c ^ b) & 255] ^ c >> 8
    return ~c & 0xffffffff
