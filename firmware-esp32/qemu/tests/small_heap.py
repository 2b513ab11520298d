# Run on the harness with a 128 KB VM heap: filling it raises MemoryError, the program
# recovers, and the memory comes back after a collection. (The VM collects only between
# instructions, so an allocation can fail while garbage remains: each fill starts collected.)
import gc

# Builtins and a built-in type's methods are made at first use and then kept, as interned
# names are: make those used below before measuring what must come back.
for t in (str, list, int, bytearray, MemoryError, print, len, range, sum):
    dir(t)
gc.collect()
at_start = gc.mem_free()

def fill(make):
    gc.collect()
    keep = []
    try:
        while True:
            keep.append(make(len(keep)))
    except MemoryError:
        n = len(keep)
        keep = None
        return n

print("strings", fill(lambda i: "x" * 1000) > 20)
print("lists", fill(lambda i: [i] * 100) > 10)
print("bigints", fill(lambda i: 7 ** (2000 + i)) > 10)
try:
    big = bytearray(1024 * 1024)
except MemoryError:
    print("bytearray MemoryError")
try:
    big = [0] * 1000000
except MemoryError:
    print("list MemoryError")
gc.collect()
print("recovered", gc.mem_free() >= at_start - 2048)
print(sum(range(1000)))
