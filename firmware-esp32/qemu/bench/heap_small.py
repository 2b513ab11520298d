# Many small objects: the slot table grows.
import gc
peak = 0
keep = []
gc.collect()
try:
    while True:
        keep.append((len(keep), 1.5))
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
