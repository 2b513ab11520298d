# Deeply nested source: the parser and compiler recurse on it.
for depth in (20, 60, 90):
    print(eval('(' * depth + '1' + ')' * depth), len(eval('[' * depth + ']' * depth)))
try:
    eval('(' * 500 + '1' + ')' * 500)
except (SyntaxError, RuntimeError, MemoryError) as e:
    print(type(e).__name__)
