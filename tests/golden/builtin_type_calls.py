# Calling built-in types (their native `__new__`, no `__init__` to run) and user subclasses of
# them, with and without an `__init__` or `__new__` of their own.
print(range(3, 9, 2), list(range(2, 5)), int("42"), int(3.9), float("1.5"), str(12), tuple([1, 2]))
print(list(), dict(a=1), len(set([1, 1, 2])), bool(0), bytes(3), bytearray(b"ab"), type(5).__name__)
print(len(range(0, 10, 3)), int("ff", 16), str(b"xy", "utf-8"), list(range(10, 0, -3)))


class MyList(list):
    pass


class Counted(list):
    def __init__(self, items):
        super().__init__(items)
        self.extra = len(items)


class Other:
    def __new__(cls, x):
        return [x]


m = MyList([3, 1, 2])
m.sort()
c = Counted([4, 5])
print(m, type(m).__name__, isinstance(m, list), c, c.extra, Other(7))
for f in (lambda: range(), lambda: range(1, 2, 0), lambda: int("x")):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
