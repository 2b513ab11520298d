# Keys of dicts and sets: sets built from iterables of known and unknown length, int/float/bool
# keys (tables with no heap-object key), and simple keys that equal an instance key.
s = set([3, 1, 3, 2, 1, 2, 3])
print(sorted(s), len(s))
print(sorted(set(x % 5 for x in range(40))))
print(sorted(frozenset(i * 0.5 for i in range(6))))
print(len(set(range(100))), len(set([])), len(set(())))

d = {}
for i in range(20):
    d[i % 7] = d.get(i % 7, 0) + i
print(sorted(d.items()))
d[1.0] = "float one"
d[True] = "true"
print(d[1], len(d))
d[0.0] = "zero"
print(d[-0.0], d[False])
d.clear()
d[2] = 2
print(d, 2 in d, 3 in d)

t = {}
for k in [(1, 2), (2, 1), (1, 2), (3,)]:
    t[k] = t.get(k, 0) + 1
print(sorted(t.items()))


class K:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return hash(self.n)

    def __eq__(self, other):
        return self.n == (other.n if isinstance(other, K) else other)


s = {1, 2}
s.add(K(5))
print(5 in s, 6 in s, K(2) in s)
d = {K(7): "seven", 8: "eight"}
print(d[7], d[K(8)], 9 in d)
e = {}
e[3] = "int"
e[K(3)] = "instance"
print(len(e), e[3])
