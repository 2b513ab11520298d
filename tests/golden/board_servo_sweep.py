# ferrite-args: --board --fast
# Sweep the servo on GPIO18: 50 Hz, 0.5-2.5 ms pulses for 0-180 degrees.
from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)
for angle in (0, 45, 90, 135, 180):
    servo.duty_ns(500000 + angle * 2000000 // 180)
    time.sleep_ms(300)
servo.duty(77)
time.sleep_ms(300)
servo.deinit()
