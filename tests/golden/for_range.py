# `for` over a range stores each item straight into a local loop variable; other targets
# (globals, attributes, unpacking, a loop variable read after the loop) take the general way.
def f(n):
    t = 0
    for i in range(n):
        t += i
    for j in range(10, 0, -3):
        t = t * 2 + j
    for k in range(5, 5):
        t = -1
    return t, i, j


print(f(6))


def g():
    out = []
    for a in range(3):
        for b in range(a, 3):
            out.append((a, b))
    return out


print(g())
for glob in range(3):
    pass
print(glob)


class C:
    pass


c = C()
for c.x in range(4):
    pass
print(c.x)


def unpack():
    s = 0
    for p, q in [(1, 2), (3, 4)]:
        s += p * q
    return s


print(unpack())


def never(n):
    for i in range(n):
        pass
    return i


print(never(2))
try:
    never(0)
except NameError as e:
    print("NameError", e)
