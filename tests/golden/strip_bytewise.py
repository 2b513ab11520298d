# strip and friends work byte-wise, as MicroPython: stripping part of a UTF-8 character
# leaves malformed text (UnicodeError); partition not finding its separator shares one empty.
try: print(repr("  a ".strip(None)))
except Exception as e: print(type(e).__name__, e)
r = 'abc'.partition('x'); print(r, r[1] is r[2])
r = 'abc'.rpartition('x'); print(r, r[0] is r[1])
print(bytearray(b'q').partition(b'x'), bytearray(b'q').rpartition(b'x'))
for s, c in (("éa", "è"), ("aé", "\xa9"), ("ééxé", "é"), (b"\xc3\xa9a", b"\xa9\xc3")):
    for m in ("strip", "lstrip", "rstrip"):
        try: print(m, repr(getattr(s, m)(c)))
        except Exception as e: print(m, type(e).__name__, e)
print(repr(" \t\x0b\x0c\r\n a\x1c \n".strip()), repr(bytearray(b"  ").strip()), repr(bytearray(b"xx").strip(b"x")))
