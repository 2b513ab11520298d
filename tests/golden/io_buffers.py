import io
def t(f):
    try:
        r = f()
        print('ok', repr(r))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: io.StringIO(None).getvalue())
t(lambda: io.BytesIO(None).getvalue())
t(lambda: io.StringIO(5).getvalue())
t(lambda: io.BytesIO(5).getvalue())
t(lambda: io.BytesIO('x').getvalue())
t(lambda: io.StringIO(b'x').getvalue())
b = bytearray(4)
t(lambda: io.BytesIO(b'abcdef').readinto(memoryview(b)))
print(b)
t(lambda: io.StringIO('abc').read(None))
t(lambda: io.BytesIO(b'abc').read(None))
