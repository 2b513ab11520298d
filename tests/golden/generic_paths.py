# Paths whose std generics became plain loops (mono): results must stay MicroPython's.
# Big-int shifts: by 0, by multiples of 32, across digit boundaries, and back.
n = 0x123456789ABCDEF0123456789
for k in (0, 1, 31, 32, 33, 64, 95):
    print(k, hex(n << k), hex((n << k) >> k), hex(n >> k), hex(-n >> k))
print(divmod(3 ** 80, 7 ** 20), (2 ** 100 - 1) // (2 ** 33 + 5))
# int.from_bytes both ways, signed and not.
b = bytes([0x80, 1, 2, 3, 4, 5, 6, 7, 8])
print(int.from_bytes(b, "big"), int.from_bytes(b, "little"), int.from_bytes(b, "big", True))
# Formatting of inf/nan in upper case, % padding, upper/lower of bytes.
inf, nan = float("inf"), float("nan")
print("%E %F %G" % (inf, -inf, nan), "{:E} {:F}".format(nan, inf), repr(inf), repr(-nan))
print("[%5s][%-5s][%.2s][%-6.3s]" % ("ab", "cd", "efg", "hijk"))
print(b"MiXeD 1!".upper(), b"MiXeD 1!".lower(), "MiXeD".upper(), "MiXeD".lower())
print("{:>8}|{:<8}|{:^9}".format(12, -3, 2 ** 70))
# list insert/pop/remove at every kind of index.
l = list(range(6))
l.insert(0, "a"); l.insert(-1, "b"); l.insert(100, "c"); l.insert(-100, "d")
print(l, l.pop(), l.pop(0), l.pop(-2), l.pop(2), l)
l.remove(3); l.remove("a")
print(l)
try:
    l.remove(99)
except ValueError as e:
    print("ValueError", e)
# Dict and set copies: repr, ==, **kwargs, update, import *.
d = {"x": 1, "y": [2], 3: "z"}
print({"k": [1, {"n": None}]}, {5}, d == {3: "z", "y": [2], "x": 1}, d == {"x": 1}, {1, 2} == {2, 1}, {1, 2} < {1, 2, 3})
def f(**kw):
    return sorted(kw.items())
print(f(**{"a": 1, "b": 2}), f(a=1, **{"c": 3}))
d.update({"w": 0}); d.update(v=9)
print(sorted(k for k in d if isinstance(k, str)))
class Meta:
    p = 1
    def q(self):
        return 2
print(Meta().q(), [k for k in sorted(Meta.__dict__) if not k.startswith("__")])
print("".join(["a", "b", str(3)]), f"{1}{'x'}{2.5}")
print(str.split("a,b,,c", ","), "x y  z".split(), "l1\nl2\r\nl3".splitlines())
