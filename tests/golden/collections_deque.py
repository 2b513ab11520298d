# MicroPython's deque: deque(iterable, maxlen[, flags]), a bounded ring.
from collections import deque

d = deque((1, 2, 3), 3)


def put(i):
    d[i] = 1


print(d, repr(d), str(d), type(d), deque, bool(d), bool(deque((), 2)), len(d), isinstance(d, deque))
d.append(4)
d.appendleft(0)
print(list(d), d[0], d[-1], d[1], 1 in d, 2 in d, [x for x in d])
d[0] = 9
d[-1] = 8
print(list(d), d.pop(), d.popleft(), list(d), len(d))
for f in (lambda: d[5], lambda: d[-5], lambda: d['a'], lambda: put(7), lambda: put(-4), lambda: d[0:1],
          lambda: d.clear(), lambda: hash(d)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
d.pop()
for f in (d.pop, d.popleft):
    try:
        f()
    except IndexError as e:
        print(e, len(d), bool(d))
d = deque((), 2, 1)
d.append(1)
d.append(2)
for f in (lambda: d.append(3), lambda: d.appendleft(3), lambda: d.extend([3])):
    try:
        f()
    except IndexError as e:
        print(e)
print(list(d), d.popleft(), list(d))
d.appendleft(0)
print(list(d))
d = deque((), 0)
d.append(1)
d.appendleft(2)
print(list(d), len(d))
for a, k in (((), {}), (([],), {}), (([], -1), {}), (([], 'a'), {}), (([], 1, 2, 3), {}), ((5, 1), {}),
             (([],), {'maxlen': 1})):
    try:
        deque(*a, **k)
    except Exception as e:
        print(type(e).__name__, e)
d = deque(range(10), 4)
print(list(d))
d.extend(range(3))
print(list(d))
d.extend(list(d))
print(list(d), d == d, d == deque(d, 4))
d = deque([], 3)
for i in range(7):
    d.appendleft(i)
    print(list(d), d[0], d[-1])
while d:
    print(d.pop(), end=' ')
print()
it = iter(deque([7, 8], 2))
print(next(it), next(it))


class D(deque):
    pass


e = D([1], 3)
e.append(2)
print(type(e), list(e), isinstance(e, deque))
