# ferrite-args: --board --fast
# Timers fire while the program sleeps: a periodic blink and a one-shot.
from machine import Pin, Timer
import time

led = Pin(2, Pin.OUT)
ticks = []


def blink(t):
    led.value(not led.value())
    ticks.append(t)


Timer(0).init(mode=Timer.PERIODIC, period=100, callback=blink)
Timer(1, mode=Timer.ONE_SHOT, freq=4, callback=lambda t: print("one shot from", t))
time.sleep_ms(450)
Timer(0).deinit()
print(len(ticks), ticks[0])
time.sleep_ms(300)
print(len(ticks), led.value())
