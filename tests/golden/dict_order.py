# Dicts and sets list their keys in MicroPython's order: the slots of its hash table (a str
# hashes as djb2 kept to 16 bits, an int as itself), sized as MicroPython sizes it (a literal
# for its length, else empty) and grown through its sizes only when every slot is taken.
print({'name': 'Ann', 'age': 12, 'city': 'Oslo'})
d = {'name': 'Ann', 'age': 12, 'city': 'Oslo'}
d['zip'] = 1
print(d, list(d), list(d.values()), list(d.items())[0])
print({1: 'a', 2: 'b', 3: 'c'}, {10: 1, 5: 2, 100: 3}, {-1: 0, 2**40: 1, 1.5: 2, True: 3})
print({'a', 'b', 'c'}, set('hello'), {3, 1, 2}, {100, 5, 10}, frozenset({3, 1, 2}))
counts = {}
for w in 'the cat and the hat and the bat sat on the mat'.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(dict(zip('abcdefgh', range(8))), {k: k * 2 for k in range(-5, 30, 3)})
print({'k%d' % i for i in range(20)}, {'k%d' % i: i for i in range(12)})
print({'x0': 0, 'x1': 1, 'x2': 2, 'x3': 3, 'x4': 4, 'x5': 5, 'x6': 6, 'x7': 7, 'x8': 8, 'x9': 9,
       'y0': 0, 'y1': 1, 'y2': 2, 'y3': 3, 'y4': 4, 'y5': 5, 'y6': 6, 'y7': 7, 'y8': 8, 'y9': 9})


def kw(**k):
    return k


def kw2(a=0, **k):
    return k


print(kw(a=1, b=2, c=3, d=4, e=5, ff=6, g=7), kw2(a=1, bb=2, cc=3, d=4), dict(x=1, y=2, z=3))
print(dict.fromkeys('python'), dict.fromkeys(c for c in 'python'), dict.fromkeys([5, 3, 9], 0))
print(hash('a'), hash('name'), hash(''), hash(b'ab'), hash('hello world'))
a = set(range(0, 30, 3))
b = [12, 40, 3, 7, 27, 99, 0]
print(a | set(b), a & set(b), a - set(b), a ^ set(b), set(b) & a)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
c = set(a)
c.update(['p', 'q', 'r'])
c.discard(9)
print(c, c.copy(), c.pop(), c)
d = {'k%d' % i: i for i in range(10)}
del d['k3'], d['k7']
d['new'] = 1
d['k3'] = 3
print(d, d.popitem(), d)
d.clear()
d['after'] = 'clear'
print(d)
# A longer run of inserts and deletes, from a fixed pseudo-random sequence.
x = 12345
t = {}
s = set()
for i in range(300):
    x = (x * 1103515245 + 12345) & 0x7fffffff
    k = 'w%d' % (x % 97)
    if x % 5 == 0 and k in t:
        del t[k]
        s.discard(x % 53)
    else:
        t[k] = i
        s.add(x % 53)
    if i % 60 == 59:
        print(list(t), sorted(t) == sorted(set(t)), list(s))
