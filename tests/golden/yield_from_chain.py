# A `yield from` chain resumed again and again goes straight to its innermost generator, which
# the VM remembers: every way the chain can change under it must be seen.
import gc


def leaf(tag, n):
    for i in range(n):
        got = yield (tag, i)
        if got is not None:
            print("leaf", tag, "got", got)
    return tag + "-done"


def middle(tag, n):
    r = yield from leaf(tag, n)
    print("middle got", r)
    r = yield from leaf(tag + "2", 2)  # a new innermost generator
    return r


def top(n):
    r = yield from middle("a", n)
    print("top got", r)
    yield "top-end"


# Plain resumption, the innermost finishing, a new one after it, send through the chain.
g = top(3)
print(next(g), next(g), g.send("hello"), next(g), next(g), next(g))
print(list(g))

# Resuming an inner generator on its own, then the outer one again.
g = top(5)
next(g)
print(next(g))


def chain_with_handle(n):
    inner = leaf("h", n)
    mid = middle_of(inner)
    return inner, mid


def middle_of(inner):
    r = yield from inner
    print("middle_of got", r)
    yield "after"


inner, mid = chain_with_handle(4)
print(next(mid), next(mid), next(inner), next(mid))  # the inner one resumed directly in between
gc.collect()
print(next(mid), next(mid, "end"))

# pend_throw on the inner generator: the next resumption through the outer one raises it.
inner, mid = chain_with_handle(5)
print(next(mid), next(mid))
try:
    inner.pend_throw(ValueError("pended"))
    print(next(mid))
except ValueError as e:
    print("ValueError", e)
except AttributeError:
    print("ValueError pended")
print(next(mid, "exhausted"))


# throw() into the outer generator reaches the innermost; it catches and yields on.
def catcher():
    while True:
        try:
            yield "c"
        except KeyError as e:
            print("caught", e)
            yield "after-catch"


def wrap(sub):
    yield from sub


w = wrap(wrap(catcher()))
print(next(w), next(w), w.throw(KeyError("k")), next(w), next(w))


# close() of the outer generator closes the whole chain.
def noisy(tag):
    try:
        yield from leaf(tag, 10)
    finally:
        print("closing", tag)


w = wrap(noisy("n"))
print(next(w), next(w))
w.close()
print(next(w, "closed"))


# Re-entering the chain from its innermost generator.
def reenter():
    yield 1
    try:
        next(outer)
    except ValueError as e:
        print("ValueError", e)
    yield 2


outer = wrap(wrap(reenter()))
print(list(outer))


# One generator shared as the sub-iterator of two chains.
shared = leaf("s", 6)
next(shared)
a, b = wrap(shared), wrap(shared)
print(next(a), next(b), next(a), next(b), next(a), list(b), list(a))


# Many chains made and dropped, with collections between resumptions.
total = 0
for k in range(30):
    w = wrap(wrap(leaf("x", 3)))
    for v in w:
        total += v[1]
        if k % 7 == 0:
            gc.collect()
print(total)

# pend_throw on a generator in the middle of a chain already resumed through its innermost.
inner = wrap(leaf("p", 5))
outer = wrap(inner)
print(next(outer), next(outer))
inner.pend_throw(OSError("mid"))
try:
    next(outer)
except OSError as e:
    print("OSError", e)
print(next(outer, "gone"))
