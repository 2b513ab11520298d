from array import array
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
class BA(bytearray): pass
o1 = object()
vals = [array('b', [1, 2]), array('B', [1, 2]), array('B', [1, 3]), array('h', [1]), array('H', [258]), array('f', [1.0]), array('d', [1.0]),
        array('O', [o1]), array('O', [o1]), array('O', [o1, 2]), memoryview(array('O', [o1])), b'\x01\x02', bytearray(b'\x01\x02'), BA(b'\x01\x03'), 'ab', memoryview(b'\x01\x02'), memoryview(array('b', [1, 2, 3]))[1:], 5, None, [1, 2], memoryview(array('H', [258]))]
ops = (lambda a, b: a == b, lambda a, b: a != b, lambda a, b: a < b, lambda a, b: a <= b, lambda a, b: a > b, lambda a, b: a >= b)
for i, x in enumerate(vals):
    if not isinstance(x, (array, memoryview)):
        continue
    for y in vals:
        if x is y:
            continue
        r = []
        for op in ops:
            try:
                r.append(op(x, y))
            except Exception as e:
                r.append(type(e).__name__)
        print(i, r)
