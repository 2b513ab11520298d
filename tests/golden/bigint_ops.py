# Big ints of up to ~2000 bits from a fixed linear congruential generator, through every
# operator: full values for the first cases, residues (and digit counts) for the rest.
state = 12345


def rand_bits(n):
    global state
    v = 0
    for _ in range(n // 30 + 1):
        state = (state * 1103515245 + 12345) % 2147483648
        v = (v << 30) | (state >> 1)
    return v >> (30 - n % 30)


def big(max_bits):
    v = rand_bits(rand_bits(11) % max_bits + 1)
    if rand_bits(2) == 0:
        v = (1 << (len(bin(v)) - 2)) - 1
    return -v if rand_bits(1) else v


P = 1000000007
for case in range(60):
    a = big(2000)
    b = big(1000) or 7
    s = rand_bits(8)
    results = [a + b, a - b, a * b, a // b, a % b, a & b, a | b, a ^ b, ~a, a >> s, a << s,
               pow(a, 65537, b), a ** 3, int(str(a)), int(hex(a), 16), int(oct(b), 8), int(bin(a), 2)]
    checks = [divmod(a, b) == (a // b, a % b), (a // b) * b + a % b == a, a < b, a == b, a >= -b]
    if case < 3:
        print(case, results, checks)
    else:
        print(case, [(r % P, len(str(r))) for r in results], checks)
    n = (len(bin(abs(a))) - 2 + 8) // 8
    data = a.to_bytes(n + 1, "little", signed=True) if a < 0 else a.to_bytes(n, "big")
    print(int.from_bytes(data, "big") % P, float(a) if abs(a) < 2 ** 1000 else "big", "%x" % b, "{:,}".format(a)[:30])

# 0, 1 and -1 to a power past 64 bits: the parity is the exponent's (at run time and folded).
e = 2 ** 64
print((-1) ** e, (-1) ** (e + 1), 1 ** e, 0 ** e, (-1) ** (2 ** 64), (-1) ** (2 ** 64 + 1))
