# Argument errors with MicroPython's texts. Without keywords given or keyword-only defaults, too
# few positional arguments are counted ("takes N ... but M were given", N not counting those
# with a default); otherwise the last missing parameter is named by its index.


def t(label, f, *a, **k):
    try:
        f(*a, **k)
        print(label, "ok")
    except TypeError as e:
        print(label, e)


def f(a, b):
    pass


def g(a, b=2):
    pass


def h(a, *, k):
    pass


def i(a, *, k=1):
    pass


def j(a, b, *args):
    pass


def m(a, b, **kw):
    pass


def n(a, b=1, *, k=2):
    pass


def p(a, b, c):
    pass


def q(a, b, c=1):
    pass


def s(a, b, *, k):
    pass


def v(a, *, k, j=2):
    pass


def w(*, k):
    pass


t("f1", f, 1)
t("f", f)
t("fb", f, b=1)
t("f1c", f, 1, c=2)
t("f123", f, 1, 2, 3)
t("g", g)
t("gb", g, b=3)
t("g123", g, 1, 2, 3)
t("h1", h, 1)
t("hk", h, k=1)
t("i", i)
t("ik", i, k=2)
t("i12", i, 1, 2)
t("j1", j, 1)
t("j1234", j, 1, 2, 3, 4)
t("m1", m, 1)
t("m1z", m, 1, z=1)
t("n", n)
t("n123", n, 1, 2, 3)
t("pc", p, c=1)
t("pb", p, b=1)
t("p1c", p, 1, c=1)
t("qb", q, b=1)
t("qc", q, c=2)
t("q1c", q, 1, c=2)
t("q1", q, 1)
t("s12b", s, 1, b=2)
t("s12", s, 1, 2)
t("s", s)
t("v1", v, 1)
t("v1j", v, 1, j=3)
t("w", w)
t("wk", w, k=1)
t("w1", w, 1)
t("lambda", lambda x, y: x, 1)
t("dup", f, 1, a=2)


class C:
    def __init__(self, x, y=0):
        pass

    def meth(self, a):
        pass


t("C", C)
t("Cy", C, y=1)
t("meth", C(1).meth)
t("meth12", C(1).meth, 1, 2)
t("unbound", C.meth)
t("sorted key", sorted, [2, 1], key=lambda: 0)
