# Native recursion over deeply nested data ends in RuntimeError, never a crashed process
# (ferrite bounds it by stack bytes, as MicroPython's mp_stack_check does).
def deep(n, make):
    x = make(None)
    for _ in range(n):
        x = make(x)
    return x

def attempt(what, f):
    try:
        r = f()
        print(what, "ok", r if isinstance(r, bool) else len(str(r)) > 0)
    except RuntimeError as e:
        print(what, type(e).__name__, e)

a = deep(20000, lambda x: [x])
b = deep(20000, lambda x: [x])
attempt("==", lambda: a == b)
attempt("<", lambda: a < b)
attempt("repr", lambda: repr(a))
t = deep(20000, lambda x: (x,))
attempt("hash", lambda: hash(t))
attempt("in", lambda: a in [b])
shallow = deep(50, lambda x: [x])
attempt("shallow ==", lambda: shallow == deep(50, lambda x: [x]))
attempt("shallow repr", lambda: repr(shallow))
print("still alive")
