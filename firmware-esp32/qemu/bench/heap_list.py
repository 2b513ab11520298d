# One list that grows by doubling: the old buffer lives while it is copied.
import gc
peak = 0
keep = []
gc.collect()
try:
    while True:
        keep.append(len(keep))
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
