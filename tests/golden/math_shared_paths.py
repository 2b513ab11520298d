# math/cmath paths that share one helper: the float tests (isfinite/isinf/isnan), radians and
# degrees (no domain check: an overflow is inf), gamma's Stirling sum (x >= 12, and negative x
# through sin(pi x)), isclose's argument counts, and cmath's exp/sqrt/rect (one from_polar).
import math, cmath

for x in (0.0, -0.0, 1, 2**100, 1e308, math.inf, -math.inf, math.nan):
    print(math.isfinite(x), math.isinf(x), math.isnan(x), math.radians(x), math.degrees(x))
for f in (math.isnan, math.degrees):
    try:
        f("x")
    except TypeError as e:
        print("TypeError", e)
for x in (0.5, 1.5, 6.5, 11.9, 12.0, 30.5, 100.25, 171.5, -0.5, -1.5, -2.25, -7.75, -20.5, -150.5):
    print(x, repr(math.gamma(x)), repr(math.lgamma(x)))
for a in ((), (1.0,), (1.0, 2.0, 3.0)):
    try:
        math.isclose(*a)
    except TypeError as e:
        print("TypeError", e)
for z in (0j, 1j, -4, complex(1, 2), complex(-3.5, 0.25), complex(700, 3), complex(-0.0, -0.0)):
    print(cmath.exp(z), cmath.sqrt(z))
for r, phi in ((1, 0), (2, 1), (-1.5, 3.0), (0.0, 2.5), (1e308, 0.75)):
    print(cmath.rect(r, phi))
