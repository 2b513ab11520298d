# ferrite-args: --board --fast --pot 40000
# The potentiometer on GPIO34 through the ADC, driving the servo.
from machine import ADC, Pin, PWM

pot = ADC(Pin(34), atten=ADC.ATTN_11DB)
print(pot.read_u16(), pot.read(), pot.read_uv())
servo = PWM(Pin(18), freq=50)
angle = pot.read_u16() * 180 // 65535
servo.duty_ns(500000 + angle * 2000000 // 180)
print(angle)
try:
    ADC(Pin(5))
except ValueError as e:
    print("ValueError:", e)
