# Built-in calls by argument count (the fixed-size argument copies), built-in methods bound
# to their object and called later, and list slices of step 1 and -1, read and assigned.

# Natives with 0..5 arguments, with and without a receiver.
print(len([1, 2, 3]), abs(-4), divmod(17, 5), pow(2, 10, 1000), max(3, 9, 4, 1, 7))
l = [5, 1, 4]
l.append(9)
l.insert(0, 0)
print(l, l.pop(), l.pop(0), l.index(4, 0, 3), l)
print(isinstance(3, int), getattr(l, "nope", "dflt"), "a-b-c".split("-", 1), "x".join(["1", "2"]))
try:
    [].append()
except TypeError as e:
    print("TypeError", e)
try:
    len(1, 2)
except TypeError as e:
    print("TypeError", e)

# Bound built-in methods: the object is the first argument.
s = []
push, pop, ins = s.append, s.pop, s.insert
for i in range(5):
    push(i * i)
ins(2, -1)
print(s, pop(), pop(0), s)
d = {}
setd = d.setdefault
print(setd("a", 1), setd("a", 2), d)
upper = "abc".upper
print(upper())
try:
    pop(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError", e)

# Slices of step 1 and -1, copies and reversals, of lists and tuples.
p = list(range(8))
print(p[:], p[2:5], p[5:2], p[::-1], p[5::-1], p[5:1:-1], p[-3::-1], p[:0:-1], p[0::-1], p[-100::-1])
t = tuple(p)
print(t[1:3], t[:], t[5:2])
print(p[::2], p[::-2], p[6:1:-3])

# Slice assignment: the same length replaces in place; others grow or shrink the list.
q = list(range(8))
q[:4] = q[3::-1]
print(q)
q[2:5] = ["a", "b", "c"]
print(q)
q[:] = q
print(q)
q[1:3] = [7]
print(q)
q[1:2] = (0, 1, 2)
print(q)
q[5:] = []
print(q, len(q))
q[10:] = [1, 2]
print(q)
print(list(range(10, 0, -1)), list(range(0, 10, 1)), len(range(5, -5, -1)), len(range(-5, 5)))
