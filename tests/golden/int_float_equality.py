# An int meets a float as a float in MicroPython: equality and order are those of float(int).
pairs = [(2**53 + 1, 9007199254740992.0), (2**64 + 1, 18446744073709551616.0), (10**30, 1e30),
         (3, 3.0), (-7, -7.5), (10**400, float('inf')), (-(10**400), float('-inf')), (2**63, 9.223372036854776e18)]
for i, f in pairs:
    print(i == f, f == i, i != f, i < f, i <= f, i > f, i >= f)
print({2**64: 1}.get(18446744073709551616.0), {2.0**64: 1}.get(2**64))
print(3 in [3.0], 3.0 in (1, 2, 3), (2**53 + 1) in [9007199254740992.0])
