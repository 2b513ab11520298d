# % on str and bytes, str.format and format(): the paths strfmt and format/ share.
def t(f):
    try:
        r = f()
    except Exception as e:
        r = type(e).__name__ + ': ' + str(e)
    print(repr(r))

# bytes formats are walked as bytes: non-UTF-8 text and %s of bytes pass through as they are
for f in [b'%s', b'%5s|', b'%-6s|', b'%.2s', b'%7.3s|', b'%r', b'%c', b'%3c', b'%d', b'\xff%s\xfe', b'%(k)s', b'%*s|', b'%-*.*s|', b'%s%%', b'x\xc3\xa9%s']:
    for v in [b'', b'ab', b'\xff\xfe\x00', 'str', 7, 2.5, None, (1, 2), {'k': b'\x80v'}]:
        t(lambda: f % v)
        t(lambda: f % (4, 1, v))

# %s/%r widths count bytes; precision cuts
for f in ['%s', '%.1s', '%5s|', '%-5s|', '%.3r', '%10r|', '%*s|', '%-*s|']:
    for v in ['abc', 'x', b'\xff', 12, 1.5, None]:
        t(lambda: f % v)
        t(lambda: f % (6, v))

# keys, stars and argument counting
t(lambda: '%(a)s %(b)r %(a)d' % {'a': 1, 'b': 'B'})
t(lambda: b'%(a)s %(b)r' % {'a': b'A', 'b': 'B'})
t(lambda: '%(a)s' % {'b': 1})
t(lambda: '%(a)s' % (1,))
t(lambda: '%(a' % {'a': 1})
t(lambda: '%*d|%-*d|%.*f' % (5, 1, 5, 2, 3, 3.14159))
t(lambda: '%*d' % (5,))
t(lambda: '%s %s' % (1,))
t(lambda: '%s' % (1, 2))
t(lambda: '%d %' % (1,))
t(lambda: '%z' % 1)
t(lambda: '%*d' % (1.5, 2))
t(lambda: '%d' % 'x')
t(lambda: '%f' % 'x')
t(lambda: '%c' % 'xy')
t(lambda: '%c' % 1.5)
t(lambda: '%c%c' % (65, 'b'))

# integers in every radix, padded, signed, with prefixes
for v in [0, 7, -7, 255, -255, 2**40, -2**40, 2**70 + 5, -(2**70) - 5, True]:
    print(str(v), bin(v), oct(v), hex(v))
    for f in ['%d', '%5d', '%-5d|', '%05d', '%+d', '% d', '%.3d', '%8.3d', '%x', '%#X', '%#o', '%#010x']:
        t(lambda: f % v)
    for sp in ['', 'd', 'b', 'o', 'x', 'X', 'n', 'c', '10', '<10', '^10', '=10', '010', '+', ' ', '#x', '#o', '#b', '#010x', ',', '_', '015,', '012_x', 'e', '.2f', '%', 's', 'q']:
        t(lambda: format(v, sp))

# floats and strings with every type code
for v in [0.0, -0.0, 1.5, -2.25, 1e20, 1e-7, 123.456, float('inf'), 'ab', None, [1]]:
    for sp in ['', 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n', 's', 'd', 'x', '10.3f', '<10', '^12.4e', '+08.2%', '=10', 's', '+s', '.1']:
        t(lambda: format(v, sp))

# str.format: numbering, nested specs, conversions
for f in ['{}', '{0}{1}', '{}{0}', '{0}{}', '{a}', '{a.b}', '{0[1]}', '{', '}', '{{}}', '{:{}}', '{:{}{}}', '{0:{1}}', '{!x}', '{!}', '{0!r:>{1}}', '{:>{w}.{p}f}', '{5}', '{0!r}', '{0!s:^9}', '{a!r:x}', '{:d}', '{!r:}', '{b!s:>6}']:
    t(lambda: f.format(3.14159, 12, a='A', b=b'B', w=10, p=2))
    t(lambda: f.format())
# A conversion character that is not ASCII: the message names its first byte.
for f in (b'%\xff', b'%\xc3\xa9', '%\xe9'):
    try:
        f % 1
    except ValueError as e:
        print(str(e)[-18:])
