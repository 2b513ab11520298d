# collections: namedtuple, OrderedDict and MicroPython's deque, with MicroPython's messages.
# Python rather than Rust: the same logic is several times smaller as frozen source than as
# compiled wasm, and none of it is on a hot path of the benchmarks.


def _str(v):
    if isinstance(v, str):
        return v
    raise TypeError("can't convert '%s' object to str implicitly" % type(v).__name__)


def _check(a, kw, lo, hi):
    # The argument checks of MicroPython's native functions (mp_arg_check_num).
    n = len(a)
    if kw:
        raise TypeError("function doesn't take keyword arguments")
    if lo == hi and n != lo:
        raise TypeError("function takes %d positional arguments but %d were given" % (lo, n))
    if n < lo:
        raise TypeError("function missing %d required positional arguments" % (lo - n))
    if n > hi:
        raise TypeError("function expected at most %d arguments, got %d" % (hi, n))


def namedtuple(*a, **kw):
    _check(a, kw, 2, 2)
    name = _str(a[0])
    fields = a[1]
    if isinstance(fields, str):
        fields = fields.split()
    elif not isinstance(fields, (tuple, list)):
        raise TypeError("object '%s' isn't a tuple or list" % type(fields).__name__)
    fields = tuple([_str(f) for f in fields])
    n = len(fields)

    def __new__(cls, *args, **kw):
        if len(args) + len(kw) != n:
            raise TypeError("%s() takes %d positional arguments but %d were given" % (name, n, len(args) + len(kw)))
        if kw:
            args = list(args) + [_str] * len(kw)
            for k in kw:
                if k not in fields:
                    raise TypeError("unexpected keyword argument '%s'" % k)
                i = fields.index(k)
                if args[i] is not _str:
                    raise TypeError("function got multiple values for argument '%s'" % k)
                args[i] = kw[k]
        return tuple.__new__(cls, args)

    def __repr__(self):
        return name + "(" + ", ".join([fields[i] + "=" + repr(v) for i, v in enumerate(self)]) + ")"

    # Built-in types in MicroPython: str() prints as repr(), even in a subclass with its own __repr__.
    ns = {"__new__": __new__, "__repr__": __repr__, "__str__": __repr__, "__setattr__": _frozen, "__delattr__": _frozen}
    for i in range(n):
        ns[fields[i]] = property(lambda self, i=i: self[i], _fixed, _fixed)
    cls = type(name, (tuple,), ns)
    return cls


def _fixed(self, *a):
    # A field is neither stored nor deleted, in a subclass's instances too.
    raise AttributeError("can't set attribute")


def _frozen(self, *a):
    # Instances of a namedtuple class take no attributes; those of its subclasses do.
    if type(self).__bases__[0] is tuple:
        raise AttributeError("can't set attribute")
    if len(a) == 2:
        object.__setattr__(self, *a)
    else:
        object.__delattr__(self, *a)


class OrderedDict(dict):
    # A dict whose table keeps insertion order (MicroPython's is_ordered map), its repr and
    # order-sensitive equality.
    __hash__ = None

    def __new__(cls, *a, **kw):
        # Ordered before dict.__init__ fills it, keywords in the call's order.
        self = dict.__new__(cls)
        _ordered(self)
        return self
    # MicroPython's OrderedDict.fromkeys makes a plain dict.
    fromkeys = staticmethod(dict.fromkeys)

    def copy(self):
        return OrderedDict(self)

    def __repr__(self):
        return "OrderedDict({" + ", ".join(["%r: %r" % kv for kv in self.items()]) + "})"

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, OrderedDict) and list(self.items()) == list(other.items())

    def __ne__(self, other):
        return not self == other

    def __setattr__(self, name, v):
        if type(self) is OrderedDict:
            raise AttributeError("'OrderedDict' object has no attribute '%s'" % name)
        object.__setattr__(self, name, v)


class deque:
    # MicroPython's: a ring of maxlen + 1 slots; appending to a full deque drops the item at
    # the other end, or raises IndexError('full') when flags has bit 0 set.
    __hash__ = None

    def __init__(self, *a, **kw):
        _check(a, kw, 2, 3)
        n = _int(a[1])
        if n < 0:
            raise ValueError
        self._n = n + 1
        self._ring = [None] * self._n
        self._get = self._put = 0
        self._check = _int(a[2]) & 1 if len(a) > 2 else 0
        for v in a[0]:
            self.append(v)

    def __len__(self):
        return (self._put - self._get) % self._n

    def __bool__(self):
        return self._put != self._get

    def append(self, v):
        put = self._put
        nxt = (put + 1) % self._n
        if nxt == self._get:
            if self._check:
                raise IndexError("full")
            self._get = (nxt + 1) % self._n
        self._ring[put] = v
        self._put = nxt

    def appendleft(self, v):
        get = (self._get - 1) % self._n
        if get == self._put:
            if self._check:
                raise IndexError("full")
            self._put = (get - 1) % self._n
        self._ring[get] = v
        self._get = get

    def extend(self, items):
        for v in items:
            self.append(v)

    def pop(self):
        if self._put == self._get:
            raise IndexError("empty")
        put = (self._put - 1) % self._n
        v = self._ring[put]
        self._ring[put] = None
        self._put = put
        return v

    def popleft(self):
        get = self._get
        if get == self._put:
            raise IndexError("empty")
        v = self._ring[get]
        self._ring[get] = None
        self._get = (get + 1) % self._n
        return v

    def _slot(self, i):
        if not isinstance(i, (int, bool)):
            raise TypeError("deque indices must be integers, not %s" % type(i).__name__)
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("deque index out of range")
        return (self._get + i) % self._n

    def __getitem__(self, i):
        return self._ring[self._slot(i)]

    def __setitem__(self, i, v):
        self._ring[self._slot(i)] = v

    def __iter__(self):
        for i in range(len(self)):
            yield self._ring[(self._get + i) % self._n]

    def __repr__(self):
        return "<deque>"


def _int(v):
    if isinstance(v, (int, bool)):
        return v
    raise TypeError("can't convert %s to int" % type(v).__name__)
