# Ints past the small ints where MicroPython wants a machine word (magnitude below 2^63):
# beyond it OverflowError, and hashes narrowed to 63 bits as MicroPython's are.
def show(e):
    try:
        print(e, '->', repr(eval(e)))
    except Exception as x:
        print(e, '!!', type(x).__name__, x)

for e in [
    "hash(2**62)", "hash(2.0**62)", "{2**62: 2}.get(2.0**62)", "hash(-2**62 - 1)", "hash(2**63 - 1)",
    "hash(2**64 + 5)", "hash(-2**64 - 5)", "hash(2**100)", "hash(-2**63)", "{-2**63: 1}.get(-2.0**63)",
    "'ab' * -2**63", "'ab' * 10**30", "[1] * 10**30", "b'a' * -2**63", "(1,) * 2**64", "[0] * -10**20",
    "'ab' * -2**62", "'ab' * (-2**63 + 1)", "'ab' * 2**40", "b'ab' * 2**40", "[1, 2] * 2**40", "(1, 2) * 2**40",
    "'%*d' % (2**63 - 1, 5)", "'%*d' % (2**62, 5)", "'%*d' % (-2**63, 5)", "'%*d|' % (2**32 + 3, 5)",
    "[1, 2][2**70]", "[1, 2][-2**63]", "[1, 2][2**62]", "range(2**70)", "range(2**62)[5]", "[1, 2][2**70:]",
    "[1, 2][:-2**63]", "'ab'[2**70]", "(1, 2)[2**62]", "b'ab'[2**70]", "range(2**63 - 1)[-1]", "[1, 2][2**63 - 1:]",
    "bytes(-2**63)", "int.from_bytes(b'\\x00' * 7 + b'\\x80', 'little')",
]:
    show(e)

# Ranges near the machine word. MicroPython computes a range's length with wrapping arithmetic,
# so past 2**63 values it answers 0 (or traps, for a step of -1); here such a length is an
# OverflowError, as in CPython, and every length that fits is exact (MicroPython's wrap also
# gives 0 for `range(-2**62, 2**62, 3)`). The rest matches MicroPython.
for e in [
    "len(range(-2**62, 2**62))", "len(range(2**62, -2**62, -1))", "range(-2**62, 2**62)[1]",
    "range(-2**62, 2**62)[1:3]", "bool(range(-2**62, 2**62))", "bool(range(2**62, -2**62, -1))",
    "len(range(-2**62, 2**62, 3))", "len(range(-2**62, 2**62 - 1, 2**62))", "len(range(2**62))",
    "range(-2**62, 2**62, 2**61)[1]", "range(0, 2**62)[1:3]", "range(0, 2**63 - 1, 2**62)[0:5]",
    "list(range(0, 2**63 - 1, 2**62)[0:5])", "list(range(5)[::2**62])", "list(range(5)[::-2**62])",
    "range(-2**62, 2**62)[-1]", "list(range(-2**62, 2**62, 2**61))",
    "list(reversed(range(-2**62, 2**62, 2**61)))", "range(-2**62, 2**62) == range(-2**62, 2**62)",
    "len(range(0))", "len(range(10, 0))", "len(range(0, 10, 3))", "len(range(10, 0, -3))",
]:
    show(e)
