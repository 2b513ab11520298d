# Many 1000-byte strings.
import gc
peak = 0
keep = []
gc.collect()
try:
    while True:
        keep.append('x' * 1000)
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
