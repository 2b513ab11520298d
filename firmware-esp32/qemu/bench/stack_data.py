# Deeply nested data: repr, comparison and hashing recurse on it; the deepest that works (in
# steps of 50) and what deeper nesting raises.
for what, f in (('repr', lambda a, b: repr(a)), ('eq', lambda a, b: a == b), ('hash', lambda a, b: hash(a))):
    a, b = ((), ()) if what == 'hash' else ([], [])
    depth = 0
    try:
        while depth < 5000:
            for i in range(50):
                a, b = ((a,), [b]) if what == 'hash' else ([a], [b])
            depth += 50
            f(a, b)
        print(what, 'ok to', depth)
    except (RuntimeError, MemoryError) as e:
        print(what, 'ok to', depth - 50, '|', depth, type(e).__name__, e)
