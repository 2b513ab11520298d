# heapq: MicroPython's subset (heappush, heappop, heapify) on lists, in Python (as Rust it
# cost ~0.8 KB of gzipped wasm). The sifts follow modheapq.c step by step, so a list passes
# through the same states, and test `<` as it does: siftdown moves on a result that is True,
# siftup takes the right child on a result that is False.


def _heap(h):
    if type(h) is not list:
        raise TypeError('heap must be a list')
    return h


def _down(h, start, pos):
    item = h[pos]
    while pos > start:
        p = (pos - 1) >> 1
        parent = h[p]
        if (item < parent) is not True:
            break
        h[pos] = parent
        pos = p
    h[pos] = item


def _up(h, pos):
    start = pos
    end = len(h)
    item = h[pos]
    c = 2 * pos + 1
    while c < end:
        if c + 1 < end and (h[c] < h[c + 1]) is False:
            c += 1
        h[pos] = h[c]
        pos = c
        c = 2 * pos + 1
    h[pos] = item
    _down(h, start, pos)


def heappush(heap, item):
    _heap(heap).append(item)
    _down(heap, 0, len(heap) - 1)


def heappop(heap):
    if not _heap(heap):
        raise IndexError('empty heap')
    item = heap[0]
    last = heap.pop()
    if heap:
        heap[0] = last
        _up(heap, 0)
    return item


def heapify(heap):
    i = len(_heap(heap)) // 2
    while i > 0:
        i -= 1
        _up(heap, i)
