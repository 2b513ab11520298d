# Arithmetic and printing.
print("hello, world")
print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10)
print(divmod(17, 5), abs(-4), min(3, 1, 2), max([4, 9, 2]))
print(2 ** 100, -(3 ** 50), 10 ** 20 // 7)
print(0.1 + 0.2, 1 / 4, 3.0 * 2, 1e100, -2.5e-3)
print(int("42") + 1, float("1.5"), str(123) + "!", hex(255), bin(5), oct(8))
print(True + True, None, not 0, 1 < 2 < 3, 1 == 1.0)
x = 12
print("x = %d, hex %x, pct %5.2f" % (x, x, x / 7))
print("{} and {:>5} and {:.3f}".format("a", "b", 3.14159))
print(f"{x * 2} items", end="|")
print("sep", "test", sep="-")
