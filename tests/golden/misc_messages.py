# to_bytes overflow, print to a non-stream, and sort's key with fewer than two items, as
# MicroPython does them.
def t(f):
    try:
        print('ok', repr(f()))
    except Exception as e:
        print(type(e).__name__, e, e.args)
t(lambda: (2**70).to_bytes(2, 'little')); t(lambda: (256).to_bytes(1, 'big')); t(lambda: (65535).to_bytes(2, 'little')); t(lambda: (-1).to_bytes(1, 'big'))
t(lambda: (-129).to_bytes(1, 'big', signed=True)); t(lambda: (127).to_bytes(1, 'big', signed=True))
t(lambda: print('x', file=1)); t(lambda: print('x', file='s'))
t(lambda: sorted([1], key=len)); t(lambda: sorted([], key=len)); t(lambda: [5].sort(key=len)); t(lambda: sorted([1, 2], key=len))
