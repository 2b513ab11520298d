# Blocks of mixed sizes, a third of them freed: a fragmented heap.
import gc
peak = 0
keep = []
gc.collect()
try:
    i = 0
    while True:
        keep.append(bytearray(64 + (i * 37) % 2000))
        i += 1
        if i % 3 == 0:
            keep[i // 2] = None
except MemoryError:
    peak = gc.mem_alloc()
keep = None
gc.collect()
print(peak)
