# async def makes a generator object, as in MicroPython (no separate coroutine type).
def g():
    yield 1


async def f():
    return 1


print(type(g()), type(f()), type(f()) is type(g()))
print(str(f())[:24])
c = f()
try:
    c.send(None)
except StopIteration as e:
    print("stop", e.value)
