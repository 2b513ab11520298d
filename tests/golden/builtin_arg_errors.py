# Messages for bad arguments to builtins, as MicroPython words them (bin is '{:#b}'.format,
# ord reads str data, range reads ints with mp_obj_get_int, isinstance shares issubclass's check).
def t(f):
    try:
        print('ok', repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: bin(5)); t(lambda: bin(-5)); t(lambda: bin(True)); t(lambda: bin(2**70))
t(lambda: bin(1.5)); t(lambda: bin(None)); t(lambda: bin('a'))
t(lambda: hex(1.5)); t(lambda: oct(None)); t(lambda: hex(-255))
t(lambda: ord(1)); t(lambda: ord(None)); t(lambda: ord('ab')); t(lambda: ord(b'a'))
t(lambda: list(range(1.5))); t(lambda: range('a')); t(lambda: range(1, None)); t(lambda: list(range(True, 3)))
t(lambda: isinstance(1, 1)); t(lambda: isinstance(1, (int, 1))); t(lambda: issubclass(int, 1)); t(lambda: issubclass(1, int))
t(lambda: divmod('a', 1)); t(lambda: divmod(1, 'a')); t(lambda: divmod(None, None)); t(lambda: divmod(7, -2)); t(lambda: divmod(7.5, 2)); t(lambda: divmod(2**70, 3)); t(lambda: divmod(1, 0))
for s in ([1, 2], (1, 2), b'ab'):
    t(lambda: s[::0])
print(reversed([1, 2]), reversed('ab'), reversed(range(3)))
