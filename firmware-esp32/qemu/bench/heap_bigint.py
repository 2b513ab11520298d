# Big integers of growing size.
import gc
peak = 0
keep = []
gc.collect()
try:
    while True:
        keep.append(7 ** (2000 + len(keep)))
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
