# `obj[index] op= value` runs as AugLoadSubscr, the value, Inplace, AugStoreSubscr: the object
# and index are evaluated once, in order, before the value; errors come from the get or the set.
a = [1, 2, 3]
a[0] += 5
a[-1] *= 2
d = {"k": 1}
d["k"] += 1
d["n"] = d.get("n", 0) + 1
s = "x"
class C:
    def __init__(self):
        self.v = [0]
    def __getitem__(self, i):
        print("get", i)
        return 10
    def __setitem__(self, i, v):
        print("set", i, v)
c = C()
c[3] += 4
c[1:2] += 1
print(a, d)
try:
    t = (1, 2)
    t[0] += 1
except TypeError as e:
    print("TypeError", e)
try:
    a[5] += 1
except IndexError as e:
    print("IndexError", e)
def idx():
    print("idx"); return 0
def obj():
    print("obj"); return a
def val():
    print("val"); return 1
obj()[idx()] += val()
print(a)
b = bytearray(b"ab")
b[0] += 1
print(b)
