# Deeply nested source: the parser and compiler recurse on it, within the port's stack budget.
for depth in (5, 10, 20, 60, 500):
    try:
        print(depth, eval('(' * depth + '1' + ')' * depth), len(eval('[' * depth + ']' * depth)))
    except (SyntaxError, RuntimeError, MemoryError) as e:
        print(depth, type(e).__name__)
