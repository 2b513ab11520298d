# Run on the harness with a 128 KB VM heap: filling it raises MemoryError, the program
# recovers, and the memory comes back after a collection. (The VM collects only between
# instructions, so an allocation can fail while garbage remains: each fill starts and ends
# collected.)
import gc


def fill(make):
    gc.collect()
    keep = []
    try:
        while True:
            keep.append(make(len(keep)))
    except MemoryError:
        n = len(keep)
        keep = None
        gc.collect()
        return n


def rounds():
    out = [
        ("strings", fill(lambda i: "x" * 1000) > 20),
        ("lists", fill(lambda i: [i] * 100) > 10),
        ("bigints", fill(lambda i: 7 ** (2000 + i)) > 10),
    ]
    try:
        big = bytearray(1024 * 1024)
    except MemoryError:
        out.append(("bytearray MemoryError",))
    gc.collect()
    try:
        big = [0] * 1000000
    except MemoryError:
        out.append(("list MemoryError",))
    gc.collect()
    return out


# The first rounds leave what is made once and kept: builtins and a built-in type's methods
# made at first use, interned names, and the object slab at the size the fills grow it to
# (given back only when mostly empty; on a 128 KB heap it settles in the second round). Once
# settled, a round must give back everything it took: a leak would show in every round.
rounds()
rounds()
gc.collect()
at_start = gc.mem_free()
for r in rounds():
    print(*r)
gc.collect()
print("recovered", gc.mem_free() >= at_start - 2048)
print(sum(range(1000)))
