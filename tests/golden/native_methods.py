# Built-in methods called through LoadMethod/CallMethod, taken as bound objects, and
# shadowed or overridden by subclasses and instances; good and bad arguments.


def attempt(f, *a):
    try:
        print(repr(f(*a)))
    except Exception as e:
        print(type(e).__name__, e)


# list methods
lst = []
for i in range(5):
    lst.append(i * i)
print(lst)
attempt(lambda: lst.append())
attempt(lambda: lst.append(1, 2))
attempt(lambda: lst.pop())
attempt(lambda: lst.pop(0))
attempt(lambda: lst.pop(10))
attempt(lambda: lst.pop("x"))
attempt(lambda: lst.pop(0, 1))
attempt(lambda: [].pop())
attempt(lambda: lst.insert(0))
attempt(lambda: lst.index(99))
attempt(lambda: lst.count(1, 2))
print(lst)

# dict methods
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d.get(1, "no"))
attempt(lambda: d.get())
attempt(lambda: d.get("a", 1, 2))
attempt(lambda: d.pop("z"))
print(d.pop("z", None), d.pop("a"), d)
attempt(lambda: d.setdefault())
print(d.setdefault("c", 3), sorted(d.items()))

# str methods
s = "hello world"
print(s.startswith("hell"), s.startswith("world"), s.startswith("world", 6), s.startswith(("x", "he")))
print(s.startswith(""), s.startswith("lo", 3, 5), s.startswith("lo", 3, 4), s.endswith("ld"), s.endswith("o", 0, 5))
attempt(lambda: s.startswith())
attempt(lambda: s.startswith(1))
attempt(lambda: s.startswith("a", "b"))
attempt(lambda: s.startswith("a", 1, 2, 3))
attempt(lambda: s.endswith(["d"]))
print(s.split(), s.split("o"), s.split("o", 1))
attempt(lambda: s.split(1))
attempt(lambda: s.find())
print(s.find("o"), s.find("o", 5), s.upper(), s.replace("l", "L", 2))
attempt(lambda: s.replace("l"))

# called through the type, with a wrong receiver
print(list.append, str.startswith("abc", "a"), dict.get({1: 2}, 1))
attempt(lambda: str.startswith(1, "a"))
attempt(lambda: list.append(1, 2))
attempt(lambda: list.extend("ab", []))
attempt(lambda: list.pop(1))
attempt(lambda: dict.get([], 1))
attempt(lambda: dict.keys(1))
attempt(lambda: str.upper(1))

# bound methods taken as objects
f = lst.append
f(100)
f(200)
print(lst, f.__self__ is lst if hasattr(f, "__self__") else True)
g = d.get
print(g("c"), g("q", "dflt"))
h = s.startswith
print(h("he"), h("x"))
attempt(lambda: f())
attempt(lambda: g())
p = [1, 2, 3].pop
print(p(), p(), p())
attempt(p)
ms = [lst.append, lst.pop]
ms[0](7)
print(ms[1](), lst)


# subclasses that override or inherit methods
class MyList(list):
    def append(self, x):
        print("MyList.append", x)
        super().append(x * 10)


ml = MyList()
ml.append(1)
ml.append(2)
ml.extend([3])
print(ml, len(ml), ml.pop())


class MyDict(dict):
    def get(self, k, d=None):
        return "mine:" + str(super().get(k, d))


md = MyDict(a=1)
print(md.get("a"), md.get("b"), md.get("b", 5), md.pop("a"), md)


class MyStr(str):
    def startswith(self, p):
        return "overridden"


class PlainStr(str):
    pass


print(MyStr("abc").startswith("a"), PlainStr("abc").startswith("a"), PlainStr("abc").upper())
attempt(lambda: PlainStr("abc").startswith())


# instance attributes shadowing methods
class L(list):
    pass


sl = L()
sl.append(1)
sl.append = lambda x: print("shadowed append", x)
sl.append(2)
print(sl)
del sl.append
sl.append(3)
print(sl)


# a method replaced on a user class
class C:
    def m(self, x):
        return "C.m", x


c = C()
print(c.m(1))
C.m = lambda self, x: ("new m", x)
print(c.m(2))
C.m = staticmethod(len)
print(c.m("four"))
C.m = str.upper
attempt(lambda: c.m())
C.m = len
attempt(lambda: c.m())


# one call site whose method changes between calls (the site's cache must follow)
class D(list):
    pass


dd = D()
for k in range(4):
    if k == 2:
        D.append = lambda self, x: print("D.append", x)
    dd.append(k)
print(dd)
del D.append
dd.append(9)
print(dd)


# a loop calling the same site with different receiver types
for obj in ([1], MyList([2]), L([3])):
    obj.append(4)
    print(type(obj).__name__, obj)
for obj in ({"k": 1}, MyDict(k=2)):
    print(obj.get("k"))

# keyword arguments to natives that take them
print(sorted([3, 1, 2], reverse=True))
xs = [3, 1, 2]
xs.sort(key=lambda v: -v)
print(xs)

# str keys met again as other objects (as split makes them), other keys, bytes and non-ASCII text
words = "a b a c b a".split()
cnt = {}
for w in words:
    cnt[w] = cnt.get(w, 0) + 1
print(sorted(cnt.items()), cnt.get(1), {1: "one", (2, 3): "t"}.get((2, 3)), cnt.get("".join(["a"])))
print(b"abc".startswith(b"ab"), b"abc".endswith(b"c"), b"abc".startswith(b"abcd"))
print("h\xe9llo".startswith("h\xe9"), "h\xe9llo".endswith("llo"), "h\xe9llo".startswith("\xe9"), "".startswith(""))
big = []
for i in range(100):
    big.append(i)
print(len(big), big[-1], sum(big))

# find/index on non-ASCII text, bytes and the general path's cases
s = "h\xe9llo w\xf6rld h\xe9llo"
print(s.find("llo"), s.rfind("llo"), s.find("w\xf6"), s.find(""), s.rfind(""), s.find("zz"), s.index("o"), s.rindex("o"))
try:
    s.index("zz")
except ValueError as e:
    print("ValueError", e)
try:
    s.rindex("zz")
except ValueError as e:
    print("ValueError", e)
b = b"abcabc"
print(b.find(b"c"), b.rfind(b"c"), b.find(99), b.find(b""), bytearray(b"").find(b""), bytearray(b"abc").find(b"c"), b.find(b"c", 3))
try:
    "abc".find(b"a")
except TypeError as e:
    print("TypeError", e)
try:
    b"abc".find("a")
except TypeError as e:
    print("TypeError", e)
print("".find(""), "".rfind(""), "abc".find("abcd"))

# pop at either end, negative and bool indices, errors, a subclass
l = [1, 2, 3, 4, 5]
print(l.pop(-1), l.pop(-4), l.pop(1), l.pop(True), l)
for args in ((-5,), (3,), (1.0,), (None,)):
    try:
        print([9, 8].pop(*args))
    except Exception as e:
        print(type(e).__name__, e)
class L(list): pass
x = L([1, 2, 3])
print(x.pop(), x.pop(0), x)

# split, partition and splitlines of non-ASCII text and of bytes
u = "h\xe9 llo  w\xf6rld\n\u20ac\u20ac x\r\ny"
print(u.split(), u.split(" "), u.split("\xe9"), u.split("\u20ac", 1), u.rsplit(" ", 2), u.splitlines(), u.splitlines(True))
print(u.partition("\xf6"), u.rpartition(" "), u.partition("zz"), b"a b\xffc".split(), b"a,b".partition(b","))

# one-character strs: chr, iteration and indexing (ASCII ones are kept, as MicroPython interns them)
s = "h\xe9llo"
print([c for c in s], [s[i] for i in range(len(s))], s[-1], chr(65), chr(0xe9), chr(0x20ac), chr(0), repr(chr(127)))
print(chr(65) is chr(65), "ab"[0] is "ab"[0], chr(0xe9) == "\xe9", sorted({c: 1 for c in "abca"}.items()))
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError", e)
try:
    chr(-1)
except ValueError as e:
    print("ValueError", e)
import gc
for k in range(3):
    l = [chr(i) for i in range(128)]
    gc.collect()
    print(len("".join(l)), l[65], ord(l[97]))
