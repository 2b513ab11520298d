# Classes, closures, generators, exceptions that are caught.
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def __repr__(self):
        return "<%s %s>" % (self.name, self.area())


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


shapes = [Shape("point"), Rect(2, 3)]
print(shapes, [s.area() for s in shapes], isinstance(shapes[1], Shape))


def counter():
    n = 0

    def inc():
        nonlocal n
        n += 1
        return n

    return inc


c = counter()
c()
print(c(), c())


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


g = fib()
print([next(g) for _ in range(10)])

for exc in (ZeroDivisionError, KeyError, ValueError):
    try:
        if exc is ZeroDivisionError:
            1 / 0
        elif exc is KeyError:
            {}["missing"]
        else:
            int("x")
    except Exception as e:
        print(type(e).__name__, e)
    finally:
        print("finally")

try:
    raise ValueError("custom", 42)
except ValueError as e:
    print(e.args)
