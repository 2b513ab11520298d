# ferrite-args: --board --fast
# A Signal turns "on" into a low level for an LED wired to 3.3 V.
from machine import Pin, Signal
led = Signal(Pin(2, Pin.OUT), invert=True)
led.on()
print(led.value())
led.off()
print(led.value())
s2 = Signal(25, Pin.OUT)
s2(1)
print(s2())
try:
    Signal()
except TypeError as e:
    print("TypeError", e)
