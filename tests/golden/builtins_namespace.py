# Builtins are made at first use (start-up makes none); the namespace still behaves as
# MicroPython's: the module lists them all, an override shadows one, deleting it restores it.
import builtins
print('len' in dir(builtins), 'zip' in dir(builtins), builtins.len is len, builtins.__name__)
builtins.abs = lambda x: 'mine'
print(abs(-1))
del builtins.abs
print(abs(-1))
print(Ellipsis, NotImplemented, memoryview, zip, BaseException)
try:
    nosuch
except NameError as e:
    print(e)
try:
    function
except NameError as e:
    print(e)
# Built-in types get their namespaces at first use too, through subclasses as well.
class A(list):
    pass
print(A([1, 2, 1]).count(1), list.__name__, hasattr(int, 'to_bytes'), 'append' in dir(list))
print(dict.fromkeys('ab'), bytes.fromhex('4142'))
