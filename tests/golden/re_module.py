# re's surface (a stand-in over the native engine): module functions, pattern and match
# objects, split and sub stepping, templates, str/bytes mixes and MicroPython's errors.
import re
import ure

print(ure is re, type(re.compile('a')), type(re.match('a', 'a')))
m = re.match(r'(\w+) (\d+)?', 'ab x')
print(m, m.group(0), m.group(1), m.group(2), m.group(True))
print(re.match('(a)|b', 'b').group(1), re.search(b'(b)', b'abc').group(1))
p = re.compile('o')
print(p.search('dog', 1), p.match('dog', 1), p.search('dog', 0, 1), p.search('dog', 0, -1))
print(re.compile('^o').match('dog', 1), re.compile('o$').search('dog', 0, 2))
print(re.match(p, 'o'), re.search('a', 'bab', 99, 99), re.match(b'a', 'a'), re.match('a', b'a'))

# split: stops at the first failed or empty match; maxsplit <= 0 means no limit.
s = re.compile(' +')
print(s.split('a b  c'), s.split('a b  c', 1), s.split('a b c', -1), s.split(b'a  b'), s.split(' a '))
print(re.compile('x*').split('axbc'), re.compile('b').split(''))

# sub: a template, a callable, count, empty matches, no replacement.
print(re.sub(r'(\w)(\d)?', r'\2\g<1>\\', 'a1bc'), re.sub('a', r'\g<x>\n\\', 'a'))
print(re.sub(r'\d+', lambda m: str(int(m.group(0)) * 2), 'a1b22'))
print(re.sub('(a)', lambda m: b'\\1x', 'aba'), re.sub('a', b'x', 'abc'), re.sub('a', 'x', b'abc'))
print(re.sub('(a)|b', r'[\1]', 'ab'), re.sub('a', 'b', 'aaa', 2), re.sub('a', 'b', 'aaa', -1, 0))
print(re.compile('a').sub('b', 'aaa', 1, 0), re.sub('x*', '-', 'abc'), re.sub('a', 'x\0y', 'ab'))
t = 'abc'
print(re.sub('z', 'y', t) is t, re.sub('a', '\\3', 'b'), re.sub(b'a', b'\\g<0>\\g<0>', b'ab'))

for f in (
    lambda: re.compile(')'),
    lambda: re.compile('a' * 300).match('a' * 300),
    lambda: repr(re.compile('a'))[:4],
    lambda: re.compile(3),
    lambda: re.match('a*', 'a' * 2000),
    lambda: re.match('a', 'a').group(2),
    lambda: re.match('a', 'a').group(-1),
    lambda: re.match('a', 'a').group('x'),
    lambda: re.match('a', 'a').group(1.0),
    lambda: re.match('a', 'a').group(),
    lambda: re.compile('a').match(),
    lambda: re.compile('a').match(b'a', 'x'),
    lambda: re.compile('a').search('a', None),
    lambda: re.compile('a').split('a', 'x'),
    lambda: re.compile('(a)').split('bab'),
    lambda: re.compile('a').split(3),
    lambda: re.sub('a', 3, 'a'),
    lambda: re.sub('a', 'b', 3),
    lambda: re.sub('a', lambda m: 3, 'a'),
    lambda: re.sub('a', '\\3', 'a'),
    lambda: re.sub('a', 'b', 'a', 'x'),
    lambda: re.sub('a', 'b', 'aaa', 2, 3, 4),
    lambda: re.match('a', 'a', flags=1),
    lambda: re.match('a'),
):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
