# One bytearray extended 1000 bytes at a time.
import gc
peak = 0
keep = []
gc.collect()
try:
    b = bytearray()
    keep.append(b)
    while True:
        b.extend(bytes(1000))
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
