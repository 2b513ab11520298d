# list.sort and sorted are MicroPython's quicksort (the last item is the pivot): not stable, so
# items with equal keys come out in its order, not CPython's; a failing < names its operands in
# its order; errors from key or < pass through.
import random
random.seed(3)
for n in (0, 1, 2, 5, 9, 17, 33):
    l = [random.randint(0, 9) for _ in range(n)]
    p = [(x, i) for i, x in enumerate(l)]
    print(sorted(p, key=lambda t: t[0]))
    print(sorted(p, key=lambda t: t[0], reverse=True))
    l.sort()
    print(l == sorted(l) and all(l[i] <= l[i + 1] for i in range(n - 1)))
words = 'the quick brown fox jumps over the lazy dog and runs far away from it'.split()
print(sorted(words, key=len), sorted(words, key=len, reverse=True))
print(sorted(["b", "a", "c"], reverse=True), sorted([3, 1, 2], key=lambda x: -x), sorted(range(20)))
for bad in ([1, "a", 2], [1, "a"], ["a", 1], [None, 1, 2]):
    try:
        sorted(bad)
    except TypeError as e:
        print("TE", e)
def k(x):
    if x == 3:
        raise ValueError("k")
    return x
try:
    sorted([1, 3, 2], key=k)
except ValueError as e:
    print("VE", e)
print("done")
