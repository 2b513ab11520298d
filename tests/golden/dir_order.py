# dir() as MicroPython's: __class__ and the special attributes it has, no natively
# implemented dunders of built-in types, names in qstr order (its leading qstrs, then its
# other built-in names sorted, then the program's names as they were made).
import json, math, random
print(dir(json))
print(dir(math))
print(dir(random))
class A:
    x = 1
    def m(self): pass
class B(A):
    value = 2
    count = 3
    def __init__(self): pass
    def __str__(self): return 'B'
print(dir(A))
print(dir(B))
print(dir(B()))
print(dir(1))
print(dir('a'))
print(dir(b''))
print(dir([]))
print(dir(()))
print(dir(None))
print(dir(print))
print(dir(int))
print(dir(str))
print(dir())
