# One dict that grows.
import gc
peak = 0
keep = []
gc.collect()
try:
    d = {}
    keep.append(d)
    while True:
        d[len(d)] = None
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
