# `in`, strip and repr over ASCII and non-ASCII text, and bytes that are not UTF-8.
s = "héllo wörld ü"
print("wö" in s, "xö" in s, "" in s, "ü" in s, "lo w" in s, "ll" in "hello", "lll" in "hello")
print(b"\x03\x04" in b"\x01\x02\x03\x04", b"" in b"ab", b"\x04\x03" in bytearray(b"\x03\x04"), b"\xff" in b"a\xff")
print(repr("it's"), repr('say "x"'), repr("both ' and \""), repr("é'"))
print("€éa€é".strip("é€"), "€é€".strip("€é"), "€xé".lstrip("€"), "€xé".rstrip("é"), "aéa".strip("a"))
print(b"%s|%s" % (b"\xffab\xc3", b"y"), b"\xe2\x82%d" % 7)
# Non-UTF-8 bytes are cut and padded byte by byte (no stand-in text).
print(b"[%5s|%-4s|%.2s|%6.1s|%-3r|%05s]" % (b"\xff\xfe", b"\xc3", b"\xe2\x82\xac", b"\xff", b"\x80", b"\xfe"))
l = [0, 1, 2, 3, 4]
l[1:3] = [9, 9, 9, 9]
print(l)
l[0:5] = []
print(l)
b = bytearray(b"hello")
b[1:1] = b"XYZ"
b[5:] = b"!"
print(b)
