# heapq (a frozen Python stand-in for MicroPython's C module): the same heap states and errors
# as modheapq.c; the expected output is MicroPython's.
import heapq
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    heapq.heappush(h, x)
    print(h)
while h:
    print(heapq.heappop(h), h)
t(lambda: heapq.heappop([]))
t(lambda: heapq.heappop(()))
t(lambda: heapq.heappush((), 1))
t(lambda: heapq.heappush(None, 1))
t(lambda: heapq.heapify('abc'))
t(lambda: heapq.heapify([]))
a = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 3.5]; heapq.heapify(a); print(a)
a = ['b', 'a', 'c']; heapq.heapify(a); print(a)
t(lambda: heapq.heapify([1, 'a', 2]))
t(lambda: heapq.heappush([1], 'a'))
t(lambda: heapq.heappush([1]))
t(lambda: heapq.heappush())
t(lambda: heapq.heappop([1], 2))
t(lambda: heapq.heapify())
t(lambda: heapq.heappush([], 1, 2))
t(lambda: heapq.heappush(h=[], item=1))
class L(list): pass
l = L([3, 1, 2]); t(lambda: heapq.heapify(l)); print(l)
class K:
    def __init__(s, v): s.v = v
    def __lt__(s, o): return s.v < o.v
    def __repr__(s): return 'K%d' % s.v
a = [K(3), K(1), K(2), K(0)]; heapq.heapify(a); print(a); print(heapq.heappop(a), a)
class B:
    def __lt__(s, o): return 1
a = [B(), B(), B()]; heapq.heapify(a); print(len(a))
t(lambda: heapq.heappop([1]))
a = [(2, 'b'), (1, 'a'), (1, 'c')]; heapq.heapify(a); print(a, heapq.heappop(a), a)
