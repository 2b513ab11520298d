# Comprehensions and generator expressions are called without a function object
# (`CallComprehension`): the outermost iterable, the closure's cells and the code make the frame
# or the generator directly. Free variables, cells of their own, nesting, class bodies,
# recursion and errors behave as with a function.


def free_vars(n):
    k, m = 3, 5
    print([x * k + m for x in range(n)], tuple(x + k for x in range(n)), {x: m for x in range(2)})
    g = (x * m for x in range(n))
    k = 100  # the generator sees the cell, not a copy
    print(next(g), list(g), [x + k for x in range(2)])


free_vars(3)


def own_cells():
    # The loop variable is a cell of the comprehension, captured by each lambda.
    fs = [lambda: i for i in range(3)]
    gs = list((lambda: j) for j in range(3))
    hs = [(lambda i=i: i) for i in range(3)]
    print([f() for f in fs], [g() for g in gs], [h() for h in hs])


own_cells()


def both(a):
    b = 2
    return [[x + y + a + b for y in range(2)] for x in range(2)], list(sum(y * a for y in range(x)) for x in range(4))


print(both(10))


class C:
    a = [x * 2 for x in range(3)]
    b = tuple(x for x in "ab")
    c = {x for x in (1, 1, 2)}


print(C.a, C.b, sorted(C.c))


def recurse(n):
    return [recurse(n - 1) for _ in range(1)] if n else n


try:
    recurse(100000)
except RuntimeError as e:
    print("RuntimeError", e)

try:
    [x for x in 5]
except TypeError as e:
    print("TypeError", e)

g = (x for x in [1, 2])
print(type(g).__name__, g.send(None), list(g))
g = (1 // x for x in (1, 0))
print(next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
print(list(g))


def genexpr_of_outer_iterable():
    log = []

    def src():
        log.append("iter")
        return iter([1, 2])

    g = (log.append(x) for x in src())  # the iterable is taken at once, the body waits
    log.append("made")
    list(g)
    print(log)


genexpr_of_outer_iterable()
