# A lookup in a dict or set that has no room yet does not hash its key (MicroPython's early
# return): an unhashable key is simply absent. Once the table has held entries, it hashes.
def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

t(lambda: {}.get([]))
t(lambda: {}.get([], 5))
t(lambda: {}.pop([], 5))
t(lambda: {}.pop([]))
t(lambda: {}[[]])
t(lambda: [] in {})
t(lambda: [] in set())
t(lambda: [] in frozenset())
t(lambda: set().discard([]))
t(lambda: set().remove([]))
t(lambda: dict().get({}))
t(lambda: {1: 2}.get([]))
t(lambda: [] in {1})
t(lambda: {}.setdefault([]))
t(lambda: set().add([]))
d = {1: 2}
d.pop(1)
t(lambda: d.get([]))
d.clear()
t(lambda: d.get([]))
s = {1}
s.clear()
t(lambda: [] in s)
s.add(2)
t(lambda: [] in s)
