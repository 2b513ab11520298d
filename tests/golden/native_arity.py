# Natives declare their arity; the call path checks it once, with MicroPython's messages,
# counting the object of a method as MicroPython counts `self`.
import io
import math
import os
import time


def call(f, *args, **kw):
    try:
        print(repr(f(*args, **kw)))
    except TypeError as e:
        print("TypeError:", e)


# built-in functions: too few, too many, exact
call(len)
call(len, [1], [2])
call(len, [1, 2])
call(abs, 1, 2)
call(divmod, 1)
call(divmod, 7, 2)
call(getattr, 1)
call(getattr, 1, "x", 2, 3)
call(isinstance, 1)
call(round)
call(round, 1, 2, 3)
call(pow, 2)
call(hash)
call(dir, 1, 2)
call(globals, 1)
call(sorted)
call(sorted, [2, 1], 1)
call(max)

# methods through their type: the object counts as the first argument
call(list.append)
call(list.append, [])
call(str.join, "x")
call(str.upper)
call(str.split, "a b", " ", 1, 2)
call(str.endswith, "abc", "c", 0, 3)
call(str.replace, "a")
call(dict.get, {})
call(dict.keys)
call(dict.keys, {}, 1)
call(list.pop, [1], 0, 1)
call(set.union, set())
call(set.update)
call(bytearray.append, bytearray())
call(list.sort)

# bound methods
call([].append)
call([].append, 1, 2)
call([3, 1].sort, 1)
call("abc".startswith)
call({}.items, 1)
l = []
pop = l.pop
call(pop, 0, 1)

# module functions
call(math.sqrt)
call(math.sqrt, 4)
call(math.atan2, 1)
call(math.log, 1, 2, 3)
call(time.sleep, 1, 2)
call(time.ticks_ms, 1)
call(os.remove)
call(os.listdir, ".", 1)
call(io.StringIO().tell, 1)
call(io.StringIO("a").readline, 1, 2)

# keywords to natives that take none
call(len, x=1)
call(len, [], x=1)
call([].append, x=1)
call(math.sqrt, x=4)
call(abs, -1, key=2)
call(sorted, [2, 1], reverse=True)
