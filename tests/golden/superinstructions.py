# Fused pairs of ops (a local then a local, a local then a constant, a local then a subscript
# by it): results, jumps into the middle of a pair, and the line an unbound local or a failing
# subscript in either half reports.
def add(a, b):
    return a + b


def scale(v, k):
    return v * 3 + k - 1


def pick(c, a, b):
    # The conditional's arms end on loads of locals that jumps land on.
    return c and a or b


def count(n):
    i = 0
    t = 0
    while i < n:
        t = t + i
        i = i + 1
    return t


print(add(1, 2), add("a", "b"), scale(2, 5), pick(0, 1, 2), pick(1, 3, 4), count(10))


def unbound_second(flag):
    a = 1
    if flag:
        b = 2
    return (a +
            b)


def unbound_first(flag):
    if flag:
        a = 1
    b = 2
    return a + b


def unbound_with_const(flag):
    if flag:
        a = 1
    return a + 1


print(unbound_second(True), unbound_first(True), unbound_with_const(True))
for f in (unbound_second, unbound_first, unbound_with_const):
    try:
        f(False)
    except NameError as e:
        print(type(e).__name__, e)
import sys

try:
    unbound_second(False)
except NameError as e:
    sys.print_exception(e, sys.stdout)


def store_then_unbound(flag):
    if flag:
        b = 1
    a = 2
    return b


def store_then_load(n):
    x = n * 2
    y = x
    return y


print(store_then_load(4), store_then_unbound(True))
try:
    store_then_unbound(False)
except NameError as e:
    sys.print_exception(e, sys.stdout)


# A subscript by a local (`LoadFastSubscr`): lists, tuples, strs, dicts, a class's
# `__getitem__`, negative and out-of-range indices, an unbound index, and the line reported.
class Sq:
    def __getitem__(self, k):
        return k * k


def index_all(i):
    g = [10, 20, 30]
    out = []
    for seq in (g, (7, 8, 9), "xyz", {i: "dict"}, Sq()):
        v = seq[i]
        out.append(v)
    return out, g[-i - 1], [g[j] for j in range(3)]


print(index_all(1), index_all(0))


def bad_index(seq, i):
    x = 0
    return (x,
            seq[i])


for seq, i in (([1], 5), ({}, "k"), ([1], "s"), (5, 0)):
    try:
        bad_index(seq, i)
    except Exception as e:
        print(type(e).__name__, e)
try:
    bad_index([1, 2], 9)
except IndexError as e:
    sys.print_exception(e, sys.stdout)


def unbound_index(flag):
    if flag:
        i = 0
    return [5][i]


print(unbound_index(True))
try:
    unbound_index(False)
except NameError as e:
    sys.print_exception(e, sys.stdout)


def caught_in_frame(flag):
    # An unbound local in a pair caught in the same frame, values of the loop and the call
    # being built below it on the stack: the loop carries on with the stack as it was.
    if flag:
        b = 1
    a = 2
    out = []
    for i in range(2):
        try:
            out.append((i, a + b, a + 1))
        except NameError:
            out.append((i, a + 1))
    return out


print(caught_in_frame(True), caught_in_frame(False))
