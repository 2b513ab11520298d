# framebuf: MicroPython's frame buffer drawing API over a bytearray (our own, same behaviour:
# the same pixels for lines, rectangles, text with the 8x8 font, scroll and blit).

MONO_VLSB = 0
MVLSB = 0
RGB565 = 1
GS4_HMSB = 2
MONO_HLSB = 3
MONO_HMSB = 4
GS2_HMSB = 5
GS8 = 6

# Glyphs for chr(32)..chr(127): 8 column bytes each, bit 0 at the top.
_FONT = bytes.fromhex(
    "00000000000000000000004f4f0000000007070000070700147f7f14147f7f1400242e6b6b3a1200006333180c666300"
    "00327f4d4d777250000000040603010000001c3e63410000000041633e1c0000082a3e1c1c3e2a080008083e3e080800"
    "000080e0600000000008080808080800000000606000000000406030180c0602003e7f49457f3e000040447f7f404000"
    "00627351494f460000226349497f360000181814167f7f1000276745457d3900003e7f49497b3200000303797d070300"
    "00367f49497f360000266f49497f3e000000002424000000000080e46400000000081c36634141000014141414141400"
    "00414163361c080000020351590f0600003e7f414d4f2e00007c7e0b0b7e7c00007f7f49497f3600003e7f4141632200"
    "007f7f41633e1c00007f7f4949414100007f7f0909010100003e7f41497b3a00007f7f08087f7f000000417f7f410000"
    "002060417f3f0100007f7f1c36634100007f7f4040404000007f7f060c067f7f007f7f0e1c7f7f00003e7f41417f3e00"
    "007f7f09090f0600001e3f21617f5e00007f7f19396f460000266f49497b32000001017f7f010100003f7f40407f3f00"
    "001f3f60603f1f00007f7f3018307f7f0063771c1c77630000070f78780f0700006171594d47430000007f7f41410000"
    "0002060c18306040000041417f7f000000080c06060c0800c0c0c0c0c0c0c0c0000001030604000000207454547c7800"
    "007f7f44447c380000387c44446c280000387c44447f7f0000387c54545c580000087e7f090302000098bca4a4fc7c00"
    "007f7f04047c78000000007d7d0000000040c08080fd7d00007f7f30386c44000000417f7f400000007c7c1830187c7c"
    "007c7c04047c780000387c44447c380000fcfc24243c180000183c2424fcfc00007c7c04040c080000485c5454742000"
    "04043f7f44642000003c7c40407c3c00001c3c60603c1c00001c7c3018307c1c00446c38386c4400009cbca0a0fc7c00"
    "004464745c4c44000008083e77414100000000ffff000000004141773e0808000002030103020301aa55aa55aa55aa55"
)


def _columns(s, x, w):
    # (x, glyph column byte) for each on-screen column of the text; bytes outside
    # 32..127 (control characters, UTF-8) show as glyph 127.
    for ch in s.encode():
        if ch < 32 or ch > 127:
            ch = 127
        base = (ch - 32) * 8
        for j in range(8):
            if 0 <= x < w:
                yield x, _FONT[base + j]
            x += 1


def _span(step, size):
    # (first, end, direction) of the pixels a scroll by `step` rewrites, so none is read after
    # it is written; None when the picture moves out entirely.
    if step < 0:
        return (0, size + step, 1) if size + step > 0 else None
    return (size - 1, step - 1, -1) if step - 1 < size - 1 else None


class FrameBuffer:
    def __init__(self, buffer, width, height, format, stride=None):
        if stride is None:
            stride = width
        if format in (MONO_HLSB, MONO_HMSB):
            stride = (stride + 7) & ~7
            need = stride * height // 8
        elif format == MONO_VLSB:
            need = stride * ((height + 7) // 8)
        elif format == RGB565:
            need = stride * height * 2
        elif format == GS8:
            need = stride * height
        elif format == GS4_HMSB:
            need = (stride * height + 1) // 2
        elif format == GS2_HMSB:
            need = (stride * height + 3) // 4
        else:
            raise ValueError("invalid format")
        if len(buffer) < need:
            raise ValueError()
        self._b = buffer
        self._w = width
        self._h = height
        self._s = stride
        self._f = format

    def _set(self, x, y, c):
        b = self._b
        f = self._f
        if f == MONO_VLSB:
            i = (y >> 3) * self._s + x
            m = 1 << (y & 7)
        elif f == MONO_HLSB or f == MONO_HMSB:
            i = (x + y * self._s) >> 3
            m = 1 << (x & 7) if f == MONO_HMSB else 0x80 >> (x & 7)
        elif f == RGB565:
            i = (x + y * self._s) * 2
            b[i] = c & 0xFF
            b[i + 1] = (c >> 8) & 0xFF
            return
        elif f == GS8:
            b[x + y * self._s] = c & 0xFF
            return
        elif f == GS4_HMSB:
            i = (x + y * self._s) >> 1
            if x & 1:
                b[i] = (c & 0x0F) | (b[i] & 0xF0)
            else:
                b[i] = ((c << 4) & 0xF0) | (b[i] & 0x0F)
            return
        else:
            i = (x + y * self._s) >> 2
            s = (x & 3) << 1
            b[i] = (b[i] & ~(3 << s)) | ((c & 3) << s)
            return
        if c:
            b[i] |= m
        else:
            b[i] &= ~m

    def _get(self, x, y):
        b = self._b
        f = self._f
        if f == MONO_VLSB:
            return (b[(y >> 3) * self._s + x] >> (y & 7)) & 1
        if f == MONO_HLSB:
            return (b[(x + y * self._s) >> 3] >> (7 - (x & 7))) & 1
        if f == MONO_HMSB:
            return (b[(x + y * self._s) >> 3] >> (x & 7)) & 1
        if f == RGB565:
            i = (x + y * self._s) * 2
            return b[i] | (b[i + 1] << 8)
        if f == GS8:
            return b[x + y * self._s]
        if f == GS4_HMSB:
            v = b[(x + y * self._s) >> 1]
            return v & 0x0F if x & 1 else v >> 4
        return (b[(x + y * self._s) >> 2] >> ((x & 3) << 1)) & 3

    def fill(self, c):
        self.fill_rect(0, 0, self._w, self._h, c)

    def pixel(self, x, y, c=None):
        if 0 <= x < self._w and 0 <= y < self._h:
            if c is None:
                return self._get(x, y)
            self._set(x, y, c)

    def fill_rect(self, x, y, w, h, c):
        if h < 1 or w < 1 or x + w <= 0 or y + h <= 0 or y >= self._h or x >= self._w:
            return
        xend = min(self._w, x + w)
        yend = min(self._h, y + h)
        x = max(x, 0)
        y = max(y, 0)
        if self._f == MONO_VLSB:
            # A page at a time: one masked byte per column.
            b = self._b
            for page in range(y >> 3, ((yend - 1) >> 3) + 1):
                lo = max(y, page * 8) - page * 8
                hi = min(yend, page * 8 + 8) - page * 8
                mask = ((1 << hi) - 1) & ~((1 << lo) - 1)
                keep = ~mask & 0xFF
                v = mask if c else 0
                row = page * self._s
                for i in range(row + x, row + xend):
                    b[i] = (b[i] & keep) | v
            return
        s = self._set
        for yy in range(y, yend):
            for xx in range(x, xend):
                s(xx, yy, c)

    def hline(self, x, y, w, c):
        self.fill_rect(x, y, w, 1, c)

    def vline(self, x, y, h, c):
        self.fill_rect(x, y, 1, h, c)

    def rect(self, x, y, w, h, c, f=False):
        if f:
            self.fill_rect(x, y, w, h, c)
        else:
            self.fill_rect(x, y, w, 1, c)
            self.fill_rect(x, y + h - 1, w, 1, c)
            self.fill_rect(x, y, 1, h, c)
            self.fill_rect(x + w - 1, y, 1, h, c)

    def line(self, x1, y1, x2, y2, c):
        if x1 == x2 or y1 == y2:
            # Straight lines cover exactly the rectangle between their ends.
            self.fill_rect(min(x1, x2), min(y1, y2), abs(x2 - x1) + 1, abs(y2 - y1) + 1, c)
            return
        dx = x2 - x1
        sx = 1
        if dx <= 0:
            dx = -dx
            sx = -1
        dy = y2 - y1
        sy = 1
        if dy <= 0:
            dy = -dy
            sy = -1
        steep = dy > dx
        if steep:
            x1, y1 = y1, x1
            dx, dy = dy, dx
            sx, sy = sy, sx
        e = 2 * dy - dx
        w = self._w
        h = self._h
        for _ in range(dx):
            if steep:
                if 0 <= y1 < w and 0 <= x1 < h:
                    self._set(y1, x1, c)
            elif 0 <= x1 < w and 0 <= y1 < h:
                self._set(x1, y1, c)
            while e >= 0:
                y1 += sy
                e -= 2 * dx
            x1 += sx
            e += 2 * dy
        if 0 <= x2 < w and 0 <= y2 < h:
            self._set(x2, y2, c)

    def ellipse(self, cx, cy, xr, yr, c, f=False, m=15):
        # The midpoint ellipse in two passes (slope above and below -1), as MicroPython draws
        # it; m picks quadrants (bit 0 top right, counter-clockwise), f fills.
        m &= 15
        a2 = 2 * xr * xr
        b2 = 2 * yr * yr
        x = xr
        y = 0
        xchange = yr * yr * (1 - 2 * xr)
        ychange = xr * xr
        err = 0
        stopx = b2 * xr
        stopy = 0
        while stopx >= stopy:
            self._quads(cx, cy, x, y, c, f, m)
            y += 1
            stopy += a2
            err += ychange
            ychange += a2
            if 2 * err + xchange > 0:
                x -= 1
                stopx -= b2
                err += xchange
                xchange += b2
        x = 0
        y = yr
        xchange = yr * yr
        ychange = xr * xr * (1 - 2 * yr)
        err = 0
        stopx = 0
        stopy = a2 * yr
        while stopx <= stopy:
            self._quads(cx, cy, x, y, c, f, m)
            x += 1
            stopx += b2
            err += xchange
            xchange += b2
            if 2 * err + ychange > 0:
                y -= 1
                stopy -= a2
                err += ychange
                ychange += a2

    def _quads(self, cx, cy, x, y, c, f, m):
        if f:
            if m & 1:
                self.fill_rect(cx, cy - y, x + 1, 1, c)
            if m & 2:
                self.fill_rect(cx - x, cy - y, x + 1, 1, c)
            if m & 4:
                self.fill_rect(cx - x, cy + y, x + 1, 1, c)
            if m & 8:
                self.fill_rect(cx, cy + y, x + 1, 1, c)
        else:
            for q, px, py in ((1, cx + x, cy - y), (2, cx - x, cy - y), (4, cx - x, cy + y), (8, cx + x, cy + y)):
                if m & q and 0 <= px < self._w and 0 <= py < self._h:
                    self._set(px, py, c)

    def text(self, s, x, y, c=1):
        w = self._w
        h = self._h
        if self._f == MONO_VLSB and not h & 7 and 0 <= y <= h - 8:
            self._text_vlsb(s, x, y, c)
            return
        for x, col in _columns(s, x, w):
            yy = y
            while col:
                if col & 1 and 0 <= yy < h:
                    self._set(x, yy, c)
                col >>= 1
                yy += 1

    def _text_vlsb(self, s, x, y, c):
        # Whole glyph columns into one or two page bytes: the same pixels, far fewer steps.
        b = self._b
        shift = y & 7
        top = (y >> 3) * self._s
        low = top + self._s
        for x, col in _columns(s, x, self._w):
            col <<= shift
            if c:
                b[top + x] |= col & 0xFF
                if col > 0xFF:
                    b[low + x] |= col >> 8
            else:
                b[top + x] &= ~col & 0xFF
                if col > 0xFF:
                    b[low + x] &= ~(col >> 8) & 0xFF

    def scroll(self, xstep, ystep):
        xs = _span(xstep, self._w)
        ys = _span(ystep, self._h)
        if xs is None or ys is None:
            return
        sx, xend, dx = xs
        y, yend, dy = ys
        while y != yend:
            x = sx
            while x != xend:
                self._set(x, y, self._get(x - xstep, y - ystep))
                x += dx
            y += dy

    def blit(self, fbuf, x, y, key=-1, palette=None):
        if x >= self._w or y >= self._h or -x >= fbuf._w or -y >= fbuf._h:
            return
        x0 = max(0, x)
        y0 = max(0, y)
        x1 = max(0, -x)
        y1 = max(0, -y)
        x0end = min(self._w, x + fbuf._w)
        y0end = min(self._h, y + fbuf._h)
        while y0 < y0end:
            cx1 = x1
            for cx0 in range(x0, x0end):
                c = fbuf._get(cx1, y1)
                if palette is not None:
                    c = palette._get(c, 0)
                if c != key:
                    self._set(cx0, y0, c)
                cx1 += 1
            y0 += 1
            y1 += 1


def FrameBuffer1(buffer, width, height, stride=None):
    return FrameBuffer(buffer, width, height, MONO_VLSB, stride)
