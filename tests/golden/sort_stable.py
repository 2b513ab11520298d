# list.sort and sorted are stable merge sorts (MicroPython's quicksort is not, so no "BAD" line
# here is CPython's order), with key and reverse; errors from key or < pass through.
import random
random.seed(3)
for n in range(0, 40):
    l = [random.randint(0, 9) for _ in range(n)]
    p = [(x, i) for i, x in enumerate(l)]
    a = sorted(p, key=lambda t: t[0])
    b = sorted(p, key=lambda t: t[0], reverse=True)
    ok = all(a[i][0] < a[i + 1][0] or (a[i][0] == a[i + 1][0] and a[i][1] < a[i + 1][1]) for i in range(n - 1))
    ok2 = all(b[i][0] > b[i + 1][0] or (b[i][0] == b[i + 1][0] and b[i][1] < b[i + 1][1]) for i in range(n - 1))
    l.sort()
    ok3 = all(l[i] <= l[i + 1] for i in range(n - 1))
    if not (ok and ok2 and ok3):
        print("BAD", n)
print(sorted(["b", "a", "c"], reverse=True), sorted([3, 1, 2], key=lambda x: -x))
try:
    sorted([1, "a", 2])
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
