# A comparison feeding a conditional jump jumps at once, whatever made the bool (ints, floats,
# mixed numbers, `in`, strs, `__eq__`); a rich comparison returning a non-bool is tested for
# truth by the jump as usual, and one that raises reports its line.
import sys

class Odd:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return [self.v] if self.v < other.v else []

    def __eq__(self, other):
        print("eq", self.v, other.v)
        return self.v == other.v

    def __gt__(self, other):
        raise ValueError("no >")


def check(a, b):
    out = []
    if a < b:
        out.append("lt")
    if not a == b:
        out.append("ne")
    while a < b:
        out.append("loop")
        break
    return out


print(check(1, 2), check(2.5, 1), check(1, 2.5), check("a", "b"), check(Odd(1), Odd(2)))
print(check(Odd(3), Odd(3)))
s = {1, 2}
print([x for x in range(4) if x in s], [x for x in range(4) if x not in s])
print(1.5 < 2 or "no", (1 < 2) == True, 3 > 2 > 1, "b" > "a" and "yes")
try:
    if Odd(1) > Odd(2):
        print("never")
except ValueError as e:
    print("ValueError", e)


def f(o):
    if o > o:
        return 1


try:
    f(Odd(5))
except ValueError as e:
    sys.print_exception(e)
