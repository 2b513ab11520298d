# Closure variables (cells) read and written in loops, as the hot loop runs them, and the cases
# it leaves to the general path: an empty cell, a deleted one, an error on the line after a read.

def counter():
    n = 0
    def step(k):
        nonlocal n
        for i in range(k):
            n += i
        return n
    return step

s = counter()
print(s(10), s(5))

def scale(f):
    return [f * x for x in range(6)]

print(scale(3), scale(0.5))

def gen_sum(m):
    return sum(x * m for x in range(100) if x % m == 0)

print(gen_sum(7))

def early():
    def inner():
        return v
    seen = []
    for step in range(3):
        try:
            seen.append(inner())
        except NameError as e:
            seen.append(str(e))
        if step == 0:
            v = 5
        elif step == 1:
            del v
    print(seen)

early()

def shadow():
    a = 1
    def f():
        t = 0
        for i in range(3):
            t += a
        return t
    r = [f()]
    a = 'x'
    try:
        f()
    except TypeError as e:
        print('TypeError', e)
    return r

print(shadow())

def cells_in_generator(k):
    c = k
    def g():
        for i in range(3):
            yield c + i
    return list(g())

print(cells_in_generator(10))

def bad_line():
    q = None
    def f():
        x = q
        return x + 1
    f()

import sys
try:
    bad_line()
except TypeError as e:
    sys.print_exception(e)
