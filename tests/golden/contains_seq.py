# `x in seq` for lists and tuples: small ints among ints, bools and singletons are found without
# calling `__eq__`; anything else (floats, objects, a non-int needle) takes the general comparison.

cell = [1, 3, 5, 7]
print([v in cell for v in range(9)], [v not in cell for v in (0, 3)])
print(1 in [True], 0 in (False, None), 2 in (True, None, ...), -4 in [], 7 in (7,))
print(2 in [1, 2.0], 3 in [1.5, 2], 2.0 in [1, 2], True in [0, 1], None in [1, None])
print('a' in ['b', 'a'], (1, 2) in [(1, 2)], 10 ** 30 in [10 ** 30], 5 in [10 ** 30, 5])

class Eq:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        print('eq', self.n, other)
        return self.n == other

print(2 in [1, Eq(2), 3], 4 in (Eq(1), 4))

# The search stops at the first match: an __eq__ after it is never called.
class Loud:
    def __eq__(self, other):
        print("eq", other)
        return False
print(1 in [0, 1, Loud()])
print(2 in [0, Loud(), 2])

# The search reads the list as it is when each item is compared: an __eq__ that shrinks or
# grows the list is seen, as in MicroPython.
class Shrinks:
    def __init__(self, lst):
        self.lst = lst
        self.calls = 0
    def __eq__(self, other):
        self.calls += 1
        if self.lst:
            self.lst.pop(0)
        return other == 'z'
lst = ['a', 'b', 'c', 'd', 'z']
s = Shrinks(lst)
print(s in lst, s.calls, lst)
class Grows:
    def __init__(self, lst):
        self.lst = lst
    def __eq__(self, other):
        if len(self.lst) < 6:
            self.lst.append('x%d' % len(self.lst))
        return other == 'x5'
lst = ['a', 'b']
print(Grows(lst) in lst, lst)
