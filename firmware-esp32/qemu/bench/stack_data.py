# Deeply nested data: repr, comparison and hashing recurse on it.
a = []
b = []
t = ()
for i in range(500):
    a = [a]
    b = [b]
    t = (t,)
for what, f in (('repr', lambda: len(repr(a))), ('eq', lambda: a == b), ('hash', lambda: hash(t) is not None)):
    try:
        print(what, f())
    except (RuntimeError, MemoryError) as e:
        print(what, type(e).__name__, e)
