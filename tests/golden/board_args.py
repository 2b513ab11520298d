# ferrite-args: --board --fast
# Constructors' and inits' argument paths (positional, keyword, missing, None, wrong type), buffers
# that MicroPython's buffer protocol takes (str is read-only), and time_pulse_us as MicroPython's.
from machine import *
import machine
tests = [
    lambda: machine.bitstream(Pin(5), 0, (1, 2, 3, 4), 5), lambda: UART(), lambda: UART(None), lambda: SPI(),
    lambda: SPI(id=7), lambda: Pin(id=2), lambda: PWM(dest=Pin(2), freq=50), lambda: ADC(pin=Pin(34), atten=3),
    lambda: SoftI2C(scl=22), lambda: SoftI2C(22, 21), lambda: I2C(1, sda=5), lambda: I2C(0, scl=22, sda=21).writeto(0x3c, "ab"),
    lambda: SoftSPI(sck=Pin(18)), lambda: Timer(1, mode=Timer.ONE_SHOT, period=10), lambda: Pin(2).init(Pin.OUT, value=0),
    lambda: Pin(2).init(mode=99), lambda: Pin(4).init(pull=Pin.PULL_UP), lambda: machine.time_pulse_us(Pin(4), 0, 1000),
]
for i, t in enumerate(tests):
    try:
        print(i, repr(t()))
    except Exception as e:
        print(i, type(e).__name__, e)
