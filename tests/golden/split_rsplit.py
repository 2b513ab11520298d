# split and rsplit share one body: rsplit with a limit takes str or bytes whatever the receiver
# and refuses whitespace, without a limit it is split (MicroPython's output).
cases = [
    lambda: "a b  c ".rsplit(), lambda: "a b  c ".rsplit(None), lambda: "a b  c ".rsplit(None, -1),
    lambda: "a b c".rsplit(None, 1), lambda: "a,b,c".rsplit(",", 1), lambda: "a,b,c".rsplit(",", 0),
    lambda: "a,b,c".rsplit(",", -2), lambda: "a,b,c".rsplit(b",", 1), lambda: "a,b,c".rsplit(b","),
    lambda: b"a,b,c".rsplit(",", 1), lambda: bytearray(b"a,b").rsplit(b",", 1), lambda: b"a,b".rsplit(bytearray(b","), 1),
    lambda: b"a,b".rsplit(bytearray(b",")), lambda: b"a,b".split(bytearray(b",")), lambda: "a,b".rsplit("", 1),
    lambda: "a,b".rsplit(""), lambda: "a b".rsplit(None, 2**70), lambda: "a,,b".split(",", 1), lambda: " a  b ".split(None, 1),
    lambda: "x".rsplit(1, 1), lambda: "x".rsplit(",", "1"),
]
for f in cases:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
