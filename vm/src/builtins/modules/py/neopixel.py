# neopixel: WS2812 strips through machine.bitstream (the API of MicroPython's neopixel module).

from machine import bitstream


class NeoPixel:
    # Byte offsets of R, G, B (and W) on the wire: GRB(W) order.
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        self.pin.init(pin.OUT)
        if isinstance(timing, (int, bool)):
            # (high0, low0, high1, low1) in ns: 800 kHz, or 400 kHz when timing is 0.
            timing = (400, 850, 800, 450) if timing else (800, 1700, 1600, 900)
        self.timing = timing

    def __len__(self):
        return self.n

    def __setitem__(self, i, v):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("index out of range")
        at = i * self.bpp
        for j in range(self.bpp):
            self.buf[at + self.ORDER[j]] = v[j]

    def __getitem__(self, i):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("index out of range")
        at = i * self.bpp
        return tuple(self.buf[at + self.ORDER[j]] for j in range(self.bpp))

    def fill(self, v):
        b = self.buf
        n = len(b)
        for j in range(self.bpp):
            c = v[j]
            k = self.ORDER[j]
            while k < n:
                b[k] = c
                k += self.bpp

    def write(self):
        bitstream(self.pin, 0, self.timing, self.buf)
