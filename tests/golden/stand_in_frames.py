# Frozen Python modules that stand in for MicroPython's C modules leave no frames of their own
# in a traceback: MicroPython prints the caller's frames only, as for any native function.
import sys
import framebuf
import json

# Like built-in modules, they are kept outside sys.modules and have no __file__.
print('framebuf' in sys.modules, hasattr(framebuf, '__file__'), framebuf)


def make(fmt):
    return framebuf.FrameBuffer(bytearray(8), 8, 8, fmt)


try:
    make(99)
except ValueError as e:
    sys.print_exception(e)


class Key:
    def __lt__(self, other):
        raise KeyError('lt')


import heapq
h = [Key()]
try:
    heapq.heappush(h, Key())
except KeyError as e:
    sys.print_exception(e)


def parse(text):
    return json.loads(text)


print(parse('{"a": [1, 2.5, null]}'))
parse('{"a": [1, 2.5, nul]}')
