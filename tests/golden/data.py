# Lists, tuples, dicts, sets, strings, comprehensions.
a = [5, 3, 8, 1]
a.append(7)
a.sort()
print(a, len(a), a[1:3], a[::-1], a[-1])
print([i * i for i in range(6) if i % 2 == 0])
t = (1, "two", 3.0)
print(t, t[1], len(t))
d = {"b": 2, "a": 1}
d["c"] = 3
print(sorted(d.items()), d.get("z", 0), "a" in d)
print({k: v * 10 for k, v in sorted(d.items())}["c"])
s = {3, 1, 2}
s.add(2)
print(sorted(s), len(s), sorted(s | {9}), sorted(s & {1, 9}))
w = "Hello, World"
print(w.upper(), w.lower(), w.split(", "), w.replace("l", "L"), w.find("World"))
print("-".join(["a", "b", "c"]), w[7:], w.startswith("Hell"), "  pad ".strip())
print(list(zip([1, 2, 3], "abc")), list(enumerate("xy")), list(map(abs, [-1, -2])))
print(sum(range(101)), sorted("banana"), reversed([1, 2]) is not None)
b = bytes([104, 105])
print(b, b.decode(), bytearray(b"ok"), b"abc"[1])
