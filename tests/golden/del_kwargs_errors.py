# `del` of a missing global is the namespace dict's KeyError; `**x` reads a non-dict through
# its keys() (AttributeError without one), and a non-str key fails as a str conversion.
def t(f):
    try:
        print('ok', repr(f()))
    except Exception as e:
        print(type(e).__name__, repr(e))
def f2():
    global gg
    del gg
t(f2)
try:
    del nope
except KeyError as e:
    print('KeyError', repr(e))
gg = 1
f2()
print('gg' in globals())
def kw(**k):
    return k
class M:
    def keys(self):
        return ['a', 'b']
    def __getitem__(self, k):
        return k * 2
t(lambda: kw(**{1: 2})); t(lambda: kw(**[1])); t(lambda: kw(**None)); t(lambda: kw(**M())); t(lambda: kw(a=1, **{'b': 2}))
