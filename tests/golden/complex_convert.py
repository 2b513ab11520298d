# How complex() and cmath's functions convert their argument (mp_obj_get_complex):
# a number, else __float__ (before __complex__), else an instance's __complex__.
import cmath
import math


class A:
    def __float__(self):
        return 2.0

    def __complex__(self):
        return 3 + 4j


class B:
    def __complex__(self):
        return 3 + 4j


class C:
    def __float__(self):
        return 2.5


class D:
    def __complex__(self):
        return 7


class F(float):
    pass


class I(int):
    pass


class FF(float):
    def __float__(self):
        return 9.0


for o in [A(), B(), C(), True, 3, 2**70, -(2**64 + 2**11 + 1), 10**400, 1.5, 2j, D(), "1", None, F(2.5), I(3), FF(1.0)]:
    try:
        print(complex(o))
    except Exception as e:
        print(type(e).__name__, e)
    for f in (cmath.sqrt, cmath.polar, cmath.phase, cmath.exp):
        try:
            print(f(o))
        except Exception as e:
            print(type(e).__name__, e)

# isclose's keywords
print(math.isclose(1, 1.05, rel_tol=0.1), math.isclose(1, 1.05, abs_tol=0.01), math.isclose(1.0, 1.0 + 1e-10))
for kw in ({"foo": 1}, {"rel_tol": -1}, {"abs_tol": -1}, {"rel_tol": "x"}):
    try:
        print(math.isclose(1, 2, **kw))
    except Exception as e:
        print(type(e).__name__, e)
for a in ((1,), (1, 2, 3)):
    try:
        print(math.isclose(*a))
    except Exception as e:
        print(type(e).__name__, e)
