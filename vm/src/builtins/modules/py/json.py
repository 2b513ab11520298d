# json: MicroPython's modjson.c in Python (as Rust it cost ~3 KB of gzipped wasm, as source far
# less). dumps prints values as MicroPython's PRINT_JSON does: other objects as their repr;
# loads follows its small non-recursive parser, which accepts a superset of JSON (commas and
# colons count as whitespace, brackets need not match in kind, a NUL byte ends the input).

# Types printed the JSON way; a subclass too, unless it has its own __repr__ (a dict subclass
# always: OrderedDict, native in MicroPython, prints as a dict).
_TYPES = (str, bytes, list, tuple, dict)
_CTRL = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}


def _str(s):
    if '"' in s or '\\' in s or (s and min(s) < ' '):
        r = []
        for c in s:
            if c == '"' or c == '\\':
                c = '\\' + c
            elif c < ' ':
                c = _CTRL.get(c) or '\\u%04x' % ord(c)
            r.append(c)
        s = ''.join(r)
    return '"' + s + '"'


def _enc(o, out, isep, ksep):
    t = type(o)
    if o is None:
        out.append('null')
    elif t is bool:
        out.append('true' if o else 'false')
    elif t is int or t is float:
        out.append(repr(o))
    else:
        if t not in _TYPES:
            for b in _TYPES:
                if isinstance(o, b):
                    if t.__repr__ is b.__repr__ or b is dict:
                        t = b
                    break
        if t is str:
            out.append(_str(o))
        elif t is bytes:
            out.append(_str(str(o, 'utf-8')))
        elif t is list or t is tuple:
            out.append('[')
            sep = ''
            for x in o:
                out.append(sep)
                sep = isep
                _enc(x, out, isep, ksep)
            out.append(']')
        elif t is dict:
            out.append('{')
            sep = ''
            for k, v in o.items():
                out.append(sep)
                sep = isep
                if type(k) is str or type(k) is bytes:
                    _enc(k, out, isep, ksep)
                else:
                    out.append('"')
                    _enc(k, out, isep, ksep)
                    out.append('"')
                out.append(ksep)
                _enc(v, out, isep, ksep)
            out.append('}')
        else:
            out.append(repr(o))


# A stand-in's functions check their arguments as MicroPython's natives (Vm::check_native_args).
def dumps(obj, *, separators=None):
    isep, ksep = ', ', ': '
    if separators is not None:
        t = type(separators)
        if t is not tuple and t is not list:
            raise TypeError("object '%s' isn't a tuple or list" % t.__name__)
        if len(separators) != 2:
            raise ValueError('requested length 2 but object has length %d' % len(separators))
        isep, ksep = separators
        for s in separators:
            if not isinstance(s, str):
                raise TypeError("can't convert '%s' object to str implicitly" % type(s).__name__)
    out = []
    _enc(obj, out, isep, ksep)
    return ''.join(out)


def dump(obj, stream, *, separators=None):
    s = dumps(obj, separators=separators)
    write = getattr(stream, 'write', None)
    if write is None:
        raise OSError('stream operation not supported')
    write(s)


def load(stream):
    read = getattr(stream, 'read', None)
    if read is None:
        raise OSError('stream operation not supported')
    return loads(read())


_WORDS = {110: (b'null', None), 116: (b'true', True), 102: (b'false', False)}
_ESC = {98: 8, 102: 12, 110: 10, 114: 13, 116: 9}


def _fail():
    raise ValueError('syntax error in JSON')


def _number(t):
    if b'.' in t or b'e' in t or b'E' in t:
        return float(t)
    d = t[1:] if t[0] == 45 else t
    if not d.isdigit():
        raise ValueError('invalid syntax for integer with base 10: %r' % str(d, 'ascii'))
    return int(t)


def _string(s, i):
    # The string starting at s[i] (after its quote) with its escapes, and where it ends.
    r = bytearray()
    n = len(s)
    while i < n and s[i] != 34:
        c = s[i]
        if c == 92:
            i += 1
            c = s[i] if i < n else 0
            if c == 117:
                try:
                    c = int(str(s[i + 1:i + 5], 'ascii'), 16)
                except ValueError:
                    _fail()
                # A str holds no lone surrogates (MicroPython's may).
                r += ('\ufffd' if 0xd800 <= c < 0xe000 else chr(c)).encode()
                i += 5
                continue
            c = _ESC.get(c, c)
        r.append(c)
        i += 1
    if i >= n:
        _fail()
    return str(r, 'utf-8'), i + 1


def loads(s):
    s = s.encode() if isinstance(s, str) else bytes(memoryview(s))
    n = s.find(b'\0')
    if n >= 0:
        s = s[:n]
    n = len(s)
    i = nested = 0
    stack = []
    # _fail marks "no value yet" (None is a value).
    top = key = _fail
    while i < n:
        c = s[i]
        i += 1
        if c in b' \t\n\r,:':
            continue
        enter = False
        if c == 34:
            j = s.find(b'"', i)
            if 0 <= j and s.find(b'\\', i, j) < 0:
                v = str(s[i:j], 'utf-8')
                i = j + 1
            else:
                v, i = _string(s, i)
        elif c in b'-0123456789':
            j = i
            while j < n and s[j] in b'+-.eE0123456789':
                j += 1
            v = _number(s[i - 1:j])
            i = j
        elif c == 91 or c == 123:
            v = [] if c == 91 else {}
            enter = True
            nested += 1
        elif c == 93 or c == 125:
            if not nested or top is _fail:
                _fail()
            nested -= 1
            if not stack:
                break
            top = stack.pop()
            continue
        else:
            w = _WORDS.get(c)
            if not w or s[i - 1:i - 1 + len(w[0])] != w[0]:
                _fail()
            i += len(w[0]) - 1
            v = w[1]
        if top is _fail:
            top = v
            if not enter:
                break
        else:
            if type(top) is list:
                top.append(v)
            elif key is _fail:
                if enter:
                    _fail()
                key = v
            else:
                top[key] = v
                key = _fail
            if enter:
                stack.append(top)
                top = v
    if nested or s[i:].strip() or top is _fail or stack:
        _fail()
    return top
