# A float and an int compared for order (the interpreter's inline path: as floats, as
# MicroPython does), as values and as a conditional jump's test.
nan = float("nan")
inf = float("inf")
vals = [0, 1, -1, 7, 2**53 + 1, -(2**53) - 1, 0.0, -0.0, 0.5, 7.0, 9007199254740992.0, nan, inf, -inf]


def row(a, b):
    r = [a < b, a <= b, a > b, a >= b]
    j = []
    if a < b:
        j.append("lt")
    if a <= b:
        j.append("le")
    if a > b:
        j.append("gt")
    if a >= b:
        j.append("ge")
    while a > b:
        j.append("w")
        break
    return "".join("1" if x else "0" for x in r) + " " + ",".join(j)


for a in vals:
    print(repr(a), " ".join(row(a, b) for b in vals))

# In a loop, as mandel's escape test is.
z = 0.0
n = 0
for i in range(100):
    z = z * 1.5 + 1
    if z > 100:
        n = i
        break
print(n, z > 100, 100 < z, z >= 100.0)
