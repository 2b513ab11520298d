# random: randrange's three forms and randint draw through one picker; MicroPython's sequence.
import random
random.seed(12345)
out = []
for i in range(6):
    out.append(random.randrange(100))
    out.append(random.randrange(-50, 50))
    out.append(random.randrange(10, -10, -3))
    out.append(random.randrange(0, 1000, 7))
    out.append(random.randint(-3, 3))
    out.append(random.randint(5, 5))
print(out)
for args in ((0,), (-3,), (5, 5), (5, 1), (1, 5, -1), (1, 5, 0), (5, 1, 1)):
    try:
        print(random.randrange(*args))
    except ValueError as e:
        print('ValueError', repr(e))
try:
    random.randint(3, 2)
except ValueError as e:
    print('ValueError', repr(e))
