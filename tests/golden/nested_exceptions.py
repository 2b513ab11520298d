# A second exception raised and caught while a first one propagates or is handled: the first
# must come out unchanged (the VM keeps the exception being raised in one slot).


class Key:
    # Equal hashes, so a lookup compares keys with __eq__, which raises and catches inside.
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return 1

    def __eq__(self, other):
        try:
            raise KeyError('inner eq')
        except KeyError:
            pass
        return isinstance(other, Key) and self.n == other.n


class BadEq(Key):
    def __eq__(self, other):
        raise TypeError('eq failed')


# __eq__ raising (and catching) inside a dict lookup inside an except block.
d = {Key(1): 'one', Key(2): 'two'}
try:
    raise ValueError('first')
except ValueError as e:
    print('lookup', d[Key(2)], d.get(Key(3), 'none'))
    print('still', type(e).__name__, e)

# __eq__ raising out of a lookup in an except block: the new error replaces the handled one.
try:
    try:
        raise ValueError('handled')
    except ValueError:
        d[BadEq(1)]
except TypeError as e:
    print('from eq:', e)


# `finally` calling a function that raises and catches.
def catches():
    try:
        raise IndexError('in finally')
    except IndexError as e:
        return str(e)


def with_finally():
    try:
        raise RuntimeError('propagating')
    finally:
        print('finally ran:', catches())


try:
    with_finally()
except RuntimeError as e:
    print('caught after finally:', e)


# `with` whose __exit__ catches an internal error and returns False.
class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        try:
            {}['missing']
        except KeyError as k:
            print('exit caught', repr(k))
        print('exit sees', t.__name__, v)
        return False


try:
    with Ctx():
        raise ZeroDivisionError('in with')
except ZeroDivisionError as e:
    print('with passed on:', e)


# sort(key=...) raising, after keys that raised and caught.
def key(x):
    try:
        return {}[x]
    except KeyError:
        pass
    if x == 3:
        raise ValueError('bad key %d' % x)
    return -x


items = [1, 2, 3, 4]
try:
    items.sort(key=key)
except ValueError as e:
    print('sort:', e, items)
try:
    sorted(items, key=key)
except ValueError as e:
    print('sorted:', e)


# Generator close() with a `finally` that raises and catches.
def gen():
    try:
        yield 1
        yield 2
    finally:
        try:
            raise OSError('cleanup')
        except OSError as e:
            print('gen finally caught', e)


g = gen()
print(next(g))
g.close()
print('closed')


# throw() into a generator whose handler raises and catches before re-raising.
def gen2():
    try:
        yield 1
    except ValueError:
        try:
            raise KeyError('k')
        except KeyError:
            pass
        raise


g = gen2()
next(g)
try:
    g.throw(ValueError('thrown'))
except ValueError as e:
    print('throw came back:', e)


# getattr(o, 'x', d) where __getattr__ raises AttributeError after catching a KeyError.
class Lazy:
    def __getattr__(self, name):
        try:
            return {}[name]
        except KeyError:
            raise AttributeError(name)


print(getattr(Lazy(), 'x', 'default'), hasattr(Lazy(), 'y'))
try:
    Lazy().z
except AttributeError as e:
    print('attr:', e)


# Explicit chaining: the cause is kept, the raised exception is the one caught.
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise ValueError('chained') from z
except ValueError as e:
    print('from:', e, type(e.__cause__).__name__ if hasattr(e, '__cause__') else 'n/a')


# An exception raised while another is handled, inside a handler of a third.
def deep(n):
    if n == 0:
        raise LookupError('bottom')
    try:
        deep(n - 1)
    except LookupError as e:
        try:
            raise TypeError('side %d' % n)
        except TypeError:
            pass
        raise


try:
    deep(3)
except LookupError as e:
    print('deep:', e)


# A StopIteration ending a loop while an exception is handled.
try:
    raise NameError('outer')
except NameError as e:
    total = 0
    for x in gen():
        total += x
    print('loop in handler', total, e)
