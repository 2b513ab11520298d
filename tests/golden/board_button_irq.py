# ferrite-args: --board --fast --press 0@100 --press 4@300:100 --press 0@1500
# Button IRQs: BOOT (GPIO0, pulled up on the board) and the user button (GPIO4, PULL_UP).
# Handlers run as scheduled callbacks, during sleep and during a busy loop.
from machine import Pin
import time

presses = []
boot = Pin(0, Pin.IN)
boot.irq(handler=lambda p: presses.append(p), trigger=Pin.IRQ_FALLING)
user = Pin(4, Pin.IN, Pin.PULL_UP)
user.irq(lambda p: print("user button level", p.value()), Pin.IRQ_FALLING | Pin.IRQ_RISING)
print("levels", boot.value(), user.value())
time.sleep(1)
print("presses during sleep", len(presses), presses[0])
start = time.ticks_ms()
while len(presses) < 2:
    pass
print("busy loop saw the second press")
boot.irq(handler=None)
