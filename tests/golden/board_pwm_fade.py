# ferrite-args: --board --fast
# Fade the red LED up and down with PWM; duty, duty_u16 and duty_ns agree.
from machine import Pin, PWM
import time

pwm = PWM(Pin(25), freq=1000, duty=0)
print(pwm.freq(), pwm.duty(), pwm.duty_u16())
for d in (0, 256, 512, 768, 1023, 512, 0):
    pwm.duty(d)
    time.sleep_ms(20)
pwm.duty_u16(16384)
print(pwm.duty(), pwm.duty_ns())
pwm.duty_ns(1000000)
print(pwm.duty_u16(), pwm.duty())
pwm.freq(2000)
print(pwm.freq(), pwm.duty_ns())
for bad in (lambda: pwm.duty(1024), lambda: pwm.duty_u16(-1), lambda: pwm.freq(0)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
pwm.deinit()
