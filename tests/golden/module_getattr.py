# A module's __getattr__ makes its missing names (PEP 562, which MicroPython has): this file
# imports itself as a module to use its own.
value = 1


def __getattr__(name):
    if name == 'answer':
        return 42
    raise AttributeError('no ' + name)


if __name__ == '__main__':
    import module_getattr as m
    print(m.value, m.answer, getattr(m, 'answer'), hasattr(m, 'other'), getattr(m, 'other', 'default'))
    from module_getattr import answer
    print(answer)
    for f in (lambda: m.other, lambda: __import__('module_getattr').other2):
        try:
            f()
        except AttributeError as e:
            print('AttributeError', e)
    try:
        from module_getattr import other
    except (ImportError, AttributeError) as e:
        print(type(e).__name__, e)
    import sys
    try:
        from sys import nothing_here
    except ImportError as e:
        print('ImportError', e)
    print(sys.implementation.name, type(sys.implementation.version))
