# ferrite-args: --board --fast
# A rainbow on the 8-pixel strip (GRB on the wire, RGB in the board's report).
from machine import Pin
import neopixel
import time


def wheel(pos):
    if pos < 85:
        return (255 - pos * 3, pos * 3, 0)
    if pos < 170:
        pos -= 85
        return (0, 255 - pos * 3, pos * 3)
    pos -= 170
    return (pos * 3, 0, 255 - pos * 3)


np = neopixel.NeoPixel(Pin(5), 8)
print(len(np), np[3], np.buf)
for step in range(0, 64, 32):
    for i in range(np.n):
        np[i] = wheel((i * 32 + step) & 255)
    np.write()
    time.sleep_ms(50)
print(np[0], np[-1], bytes(np.buf[:6]))
np.fill((0, 0, 0))
np[2] = (10, 20, 30)
np.write()
try:
    np[8] = (1, 2, 3)
except IndexError as e:
    print("IndexError:", e)
