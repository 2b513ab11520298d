# re: MicroPython's modre.c surface in Python (as Rust it cost ~6 KB of raw wasm) over two
# natives of builtins/modules/re.rs, put here before this runs: _compile(pattern) makes the
# engine of a str or bytes pattern; _exec(engine, string, pos, endpos, anchored) matches in
# the window pos..endpos and gives None or the group spans, flat, -1 for a group that did
# not take part. A compiled pattern is of type re, a match of type match, as in MicroPython.

# Past any text's end: endpos when none is given.
_END = 0x7fffffff


def _int(n):
    # MicroPython's mp_obj_get_int and its errors (round converts its ndigits so).
    round(0, n)
    return int(n)


def _text(s):
    if not isinstance(s, (str, bytes)):
        raise TypeError("can't convert '%s' object to str implicitly" % type(s).__name__)


class match:
    def __init__(self, s, sp):
        self._s = s
        self._sp = sp

    def __repr__(self):
        return '<match num=%d>' % (len(self._sp) // 2)

    def group(self, n):
        sp = self._sp
        n = _int(n)
        if n < 0 or 2 * n >= len(sp):
            raise IndexError(n)
        s = sp[2 * n]
        return None if s < 0 else self._s[s:sp[2 * n + 1]]


_Match = match


def _parse(t, s):
    # A sub template, read as MicroPython's re_sub_helper reads it, as [text, group, text,
    # group, ..., text]: \N... and \g<N...> are group N, \\ a backslash; other backslashes
    # are dropped and the character after them kept; a NUL byte ends it.
    if isinstance(s, str):
        if not isinstance(t, str):
            t = str(t, 'utf-8')
        bs, nul, gl, gt, dig = '\\', '\0', 'g<', '>', '0123456789'
    else:
        if isinstance(t, str):
            t = t.encode()
        bs, nul, gl, gt, dig = b'\\', b'\0', b'g<', b'>', b'0123456789'
    i = t.find(nul)
    if i >= 0:
        t = t[:i]
    if bs not in t:
        return [t]
    parts = []
    text = []
    i = 0
    while True:
        j = t.find(bs, i)
        if j < 0:
            break
        text.append(t[i:j])
        i = j + 1
        g = t[i:i + 2] == gl
        if g:
            i += 2
        j = i
        while t[j:j + 1] and t[j:j + 1] in dig:
            j += 1
        if j > i:
            parts.append(t[:0].join(text))
            parts.append(int(t[i:j]))
            text = []
            i = j
            if g and t[i:i + 1] == gt:
                i += 1
        elif t[i:i + 1] == bs:
            text.append(bs)
            i += 1
    text.append(t[i:])
    parts.append(t[:0].join(text))
    return parts


class re:
    def __init__(self, e):
        self._e = e

    def __repr__(self):
        return '<re %x>' % id(self)

    def match(self, string, pos=0, endpos=_END):
        return _run(self, string, pos, endpos, True)

    def search(self, string, pos=0, endpos=_END):
        return _run(self, string, pos, endpos, False)

    def split(self, string, maxsplit=0):
        # Each step searches from the end of the last match; the first failed or empty match
        # ends it; maxsplit <= 0 means no limit.
        _text(string)
        left = _int(maxsplit)
        out = []
        begin = 0
        while True:
            sp = _exec(self._e, string, begin, _END, False)
            if not sp or sp[0] == sp[1]:
                break
            out.append(string[begin:sp[0]])
            if len(sp) > 2:
                raise NotImplementedError('splitting with sub-captures')
            begin = sp[1]
            left -= 1
            if left == 0:
                break
        out.append(string[begin:])
        return out

    def sub(self, repl, string, count=0, flags=0):
        # Steps as split; a callable repl gets the match and its result is a template too.
        # Without a replacement the string itself is returned.
        _text(string)
        left = _int(count)
        fixed = isinstance(repl, str) or type(repl) is bytes
        if not fixed and not callable(repl):
            raise TypeError("can't convert '%s' object to str implicitly" % type(repl).__name__)
        if fixed:
            parts = _parse(repl, string)
        e = self._e
        out = []
        add = out.append
        begin = 0
        while True:
            sp = _exec(e, string, begin, _END, False)
            if not sp or sp[0] == sp[1]:
                break
            if not fixed:
                t = repl(_Match(string, sp))
                _text(t)
                parts = _parse(t, string)
            add(string[begin:sp[0]])
            add(parts[0])
            for i in range(1, len(parts), 2):
                g = parts[i]
                if 2 * g >= len(sp):
                    raise IndexError(g)
                if sp[2 * g] >= 0:
                    add(string[sp[2 * g]:sp[2 * g + 1]])
                add(parts[i + 1])
            begin = sp[1]
            left -= 1
            if left == 0:
                break
        if not out:
            return string
        out.append(string[begin:])
        return string[:0].join(out)


_Pattern = re
del re


def _run(p, string, pos, endpos, anchored):
    sp = _exec(p._e, string, pos, endpos, anchored)
    return sp and _Match(string, sp)


def _pattern(p):
    return p if isinstance(p, _Pattern) else _Pattern(_compile(p))


# Flags are accepted and ignored, as are match's and search's pos and endpos.
def compile(pattern, flags=0):
    return _Pattern(_compile(pattern))


def match(pattern, string, pos=0, endpos=0):
    return _pattern(pattern).match(string)


def search(pattern, string, pos=0, endpos=0):
    return _pattern(pattern).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    return _pattern(pattern).sub(repl, string, count)
