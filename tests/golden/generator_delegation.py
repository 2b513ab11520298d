# Generators resumed through chains of `yield from` (run innermost-first by the VM) and drained
# by list()/tuple()/set() (run without leaving the loop): values, sends, returns, exceptions,
# throw/close and re-entry behave as in MicroPython.
def g(n):
    for i in range(n):
        x = yield i
        assert x is None
def d(n):
    yield from g(n)
    yield from range(3)
    yield from [7, 8]
print(list(g(5)), tuple(d(3)), sorted(set(x*2 for x in range(4))), sorted(d(2)))
def bad():
    yield 1
    raise ValueError("boom")
try:
    list(bad())
except ValueError as e:
    print("caught", e)
def stop():
    yield 1
    raise StopIteration
try:
    list(stop())
except RuntimeError as e:
    print("rt", e)
def selfref():
    yield 1
    next(me)
me = selfref()
try:
    list(me)
except ValueError as e:
    print("ve", e)
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("fin")
print(list(fin()))
it = g(4); next(it)
print(list(it))
def deep(n):
    if n == 0:
        yield n
    else:
        yield from deep(n - 1)
        yield n
print(list(deep(5)), sum(deep(20)))
def inner():
    r = yield 1
    return 42
def outer():
    v = yield from inner()
    yield v
print(list(outer()))
def nested():
    yield list(x for x in range(3))
    yield tuple(g(2))
print(list(nested()))
async def co():
    return 1
c = co()
try:
    print(list(c))
except Exception as e:
    print(type(e).__name__, e)
def leaf(n):
    got = []
    for i in range(n):
        x = yield i
        got.append(x)
    return got
def mid(n):
    r = yield from leaf(n)
    yield ("mid-got", r)
    return "mid-done"
def top(n):
    r = yield from mid(n)
    yield ("top-got", r)
g = top(3)
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.send("c"))
print(next(g))
try:
    next(g)
except StopIteration:
    print("stop")
# exceptions from the leaf caught by an intermediate
def bad():
    yield 1
    raise KeyError("k")
def catcher():
    try:
        yield from bad()
    except KeyError as e:
        print("caught in catcher", e)
        yield "after"
def outer2():
    yield from catcher()
    yield "end"
print(list(outer2()))
for v in outer2():
    print("for", v)
# exception escaping the whole chain
def outer3():
    yield from catcher2()
def catcher2():
    yield from bad()
try:
    for v in outer3():
        print("v", v)
except KeyError as e:
    print("escaped", e)
import sys
try:
    for v in outer3():
        pass
except KeyError as e:
    sys.print_exception(e)
# throw into a chain
def t_leaf():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("leaf caught", e)
        yield 99
def t_mid():
    yield from t_leaf()
def t_top():
    yield from t_mid()
g = t_top()
print(next(g))
print(g.throw(ValueError("x")))
g.close()
g = t_top()
next(g)
g.close()
print("closed")
# finally in intermediate
def f_mid():
    try:
        yield from leaf(2)
    finally:
        print("f_mid finally")
def f_top():
    yield from f_mid()
print(list(f_top()))
g = f_top(); next(g); g.close()
# running chain touched from inside
def selfish():
    yield 1
    print(next(tg))
def s_mid():
    yield from selfish()
def s_top():
    yield from s_mid()
tg = s_top()
try:
    for x in tg:
        print("x", x)
except ValueError as e:
    print("VE", e)
# next on an inner generator directly while outer parked
inner = leaf(5)
def wrap():
    yield from inner
w = wrap()
print(next(w), next(w))
print(next(inner))
print(next(w))
# StopIteration raised in leaf
def si():
    yield 1
    raise StopIteration
def si_top():
    yield from si()
try:
    print(list(si_top()))
except RuntimeError as e:
    print("RE", e)
# deep recursion of yield from
def rec(n):
    if n:
        yield from rec(n - 1)
    else:
        yield "bottom"
print(list(rec(50)), sum(1 for _ in rec(30)))
