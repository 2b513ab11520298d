# bool is not an int subclass in MicroPython (isinstance(True, int) is False), though it
# calculates as one; max() and min() of nothing say "arg is an empty sequence".
print(isinstance(True, int), issubclass(bool, int), isinstance(False, bool), type(True).__name__)
print(True + 1, True * 3, True / 2, -True, ~True, True << 2, hex(True), int(True), float(True))
print([10, 20][True], {1: 'one'}[True], 'ab' * True, abs(False), round(True))
try:
    print(True.to_bytes(1, 'little'))
except AttributeError as e:
    print('AttributeError', e)
for name, f in (('max', max), ('min', min)):
    for empty in ([], (), iter([]), ''):
        try:
            f(empty)
        except ValueError as e:
            print(name, e)
print(max([], default=5), min((), default=None), max(True, 0), min(False, 1))
from collections import deque
d = deque((), 2, True)
d.append(1)
print(len(d), d[False])
