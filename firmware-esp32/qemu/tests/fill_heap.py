# Run on the harness at each chip's heap layout (its allocator regions and sizes): every
# way of filling the heap must end in MemoryError (or the recursion limit) with the board alive,
# never an allocator failure, which would stop the harness with "FATAL".
import gc


# A fragmented heap: full of 2 KB blocks, every other one freed, so the room is there in total
# but not in one piece. Each big result below (from `arg`, made before the heap is filled) must
# be refused with MemoryError, not asked of an allocator that has no block for it.
def fragmented(name, make, build, tight=False):
    gc.collect()
    arg = make()
    held = []
    try:
        while True:
            held.append(bytearray(2000))
    except MemoryError:
        pass
    i = 0
    while i < len(held):
        held[i] = None
        i += 2
    gc.collect()
    if tight:
        # The RAM past the VM's count, in blocks too big for the holes: then no free block
        # is bigger than ~2 KB.
        try:
            while True:
                held.append(bytearray(2100))
        except MemoryError:
            pass
    try:
        build(arg)
        print(name, "built")
    except MemoryError:
        print(name, "MemoryError")
    arg = held = None
    gc.collect()
    print(name, "answers")


# No free block over ~2 KB: copies the VM makes without asking (an operand's digits, a list's
# items, a repr's item list, a format's template, a repr outgrowing its room, json's text, a
# compiled line's code) are served from the allocator's emergency reserve, and the VM raises
# MemoryError at its next allocation or poll instead of the board aborting (each of these
# aborted the harness before the reserve). First, on a fresh heap, where the VM's count lets
# the filling go on until the allocator refuses.
def unpack(l):
    a, *b = l


def statements(src):
    exec(src)


# One case's name to run it alone (each aborts an older harness, which stops at the first).
ONLY = None
for name, make, build in [
    ("bigint_operand", lambda: 7 ** 8000, lambda n: n + 1),
    # Items are 8-byte values: 300 of them copy 2.4 KB, more than any free block.
    ("unpack", lambda: list(range(300)), unpack),
    ("compare", lambda: (list(range(340)), list(range(340))), lambda p: [p[0] < p[1]]),
    ("dict_repr", lambda: {i: None for i in range(200)}, repr),
    ("set_repr", lambda: set(range(300)), repr),
    ("bytes_percent", lambda: b"a" * 2300 + b"%d", lambda b: b % 5),
    ("repr_escapes", lambda: "\x01" * 700, repr),
    ("json_bigint", lambda: " " * 800 + "7" * 1600, lambda s: __import__("json").loads(s)),
    ("compile_lines", lambda: "x=1\n" * 20, statements),
]:
    if ONLY in (None, name):
        fragmented(name, make, build, True)


def until_full(name, step):
    gc.collect()
    state = [None]
    try:
        i = 0
        while True:
            step(state, i)
            i += 1
    except MemoryError:
        pass
    state = None
    gc.collect()
    print(name, "MemoryError")


def grow_list(st, i):
    if i == 0:
        st[0] = []
    st[0].append(i)


def grow_dict(st, i):
    if i == 0:
        st[0] = {}
    st[0][i] = i


def grow_set(st, i):
    if i == 0:
        st[0] = set()
    st[0].add(i)


def concat(st, i):
    if i == 0:
        st[0] = ""
    st[0] = st[0] + "y" * 500


def concat_bytes(st, i):
    if i == 0:
        st[0] = b""
    st[0] = st[0] + b"z" * 700


def bytearray_add(st, i):
    if i == 0:
        st[0] = bytearray()
    st[0] += b"x" * 300


def join(st, i):
    if i == 0:
        st[0] = ["ab" * 50]
    st[0].append("-".join(st[0]))


def bigint(st, i):
    if i == 0:
        st[0] = []
    st[0].append(7 ** (3000 + 50 * i))


def nested(st, i):
    st[0] = [st[0], i]


def small_objects(st, i):
    if i == 0:
        st[0] = []
    st[0].append((i, str(i), [i]))


class Point:
    def __init__(self, x):
        self.x = x
        self.y = x + 1


def instances(st, i):
    if i == 0:
        st[0] = []
    st[0].append(Point(i))


def repeat(st, i):
    if i == 0:
        st[0] = []
    st[0].append([i] * 2000)


def big_at_once(st, i):
    if i == 0:
        st[0] = []
    n = 1000 << i
    st[0].append(bytearray(n))
    st[0].append("s" * n)
    st[0].append([0] * n)


def repr_of_full(st, i):
    if i == 0:
        st[0] = []
    st[0].append(i * 1000003)
    if i % 500 == 499:
        st.append(repr(st[0]))


for name, step in [
    ("list", grow_list),
    ("dict", grow_dict),
    ("set", grow_set),
    ("concat", concat),
    ("concat_bytes", concat_bytes),
    ("bytearray", bytearray_add),
    ("join", join),
    ("bigint", bigint),
    ("nested", nested),
    ("small_objects", small_objects),
    ("instances", instances),
    ("repeat", repeat),
    ("big_at_once", big_at_once),
    ("repr", repr_of_full),
]:
    until_full(name, step)


def text():
    return "a" * 6000


for name, make, build in [
    ("replace", text, lambda s: s.replace("a", "bcdefghijk")),
    ("percent", text, lambda s: "%s%s%s%s%s%s%s%s%s%s" % ((s,) * 10)),
    ("percent_width", text, lambda s: "%60000s" % s),
    ("format", text, lambda s: "{}{}{}{}{}{}{}{}{}{}".format(*(s,) * 10)),
    ("format_width", text, lambda s: "{:>60000}".format(s)),
    ("fstring", text, lambda s: f"{s}{s}{s}{s}{s}{s}{s}{s}{s}{s}"),
    ("bytes_add", lambda: b"b" * 30000, lambda b: b + b),
    ("str_big", lambda: 7 ** 35000, str),
    ("hex_big", lambda: 7 ** 35000, hex),
    ("percent_big", lambda: 7 ** 35000, lambda n: "%d" % n),
    ("format_big", lambda: 7 ** 35000, lambda n: "{:d}".format(n)),
    ("fstring_big", lambda: 7 ** 35000, lambda n: f"{n}"),
    ("int_text", lambda: "7" * 30000, int),
    ("exec", lambda: "x = 1\n" * 2000, exec),
]:
    fragmented(name, make, build)


def recurse(n):
    local = [n] * 20
    return recurse(n + 1) + len(local)


try:
    recurse(0)
except (RuntimeError, MemoryError) as e:
    print("recursion", type(e).__name__ in ("RuntimeError", "MemoryError"))
gc.collect()
print(sum(range(1000)))
