# ferrite-args: --board --fast
# Blink the onboard LED (GPIO2) and the traffic lights.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
for i in range(4):
    led.value(not led.value())
    print("led", led.value())
    time.sleep(0.5)
lights = [Pin(n, Pin.OUT, value=0) for n in (25, 26, 27)]
for p in lights:
    p.on()
    time.sleep_ms(200)
    p.off()
led(1)
print(led(), Pin(2))
