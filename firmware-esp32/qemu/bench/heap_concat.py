# A string rebuilt longer each time: old and new copies together.
import gc
peak = 0
keep = []
gc.collect()
try:
    s = ''
    while True:
        s = s + 'y' * 500
        keep = [s]
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
