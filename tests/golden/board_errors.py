# ferrite-args: --board --fast
# Wrong calls raise the esp32 port's exceptions; nothing on the board crashes.
from machine import *
import machine, neopixel, ssd1306, framebuf
tests = [
    lambda: Pin(), lambda: Pin("x"), lambda: Pin(2, 99), lambda: Pin(2).value(1, 2), lambda: Pin(2).irq(5),
    lambda: PWM(), lambda: PWM(Pin(36)), lambda: PWM(Pin(2), freq=-5), lambda: PWM(Pin(2)).duty_ns(-9),
    lambda: ADC(), lambda: ADC(Pin(34)).atten(9), lambda: ADC(Pin(5)), lambda: I2C(5), lambda: SoftI2C(),
    lambda: Timer(0).init(freq=0), lambda: Timer(0).init(period=-1),
    lambda: I2C(0, scl=Pin(22), sda=Pin(21)).readfrom(0x3c, -1), lambda: I2C(0).writeto(500, b""),
    lambda: I2C(0, scl=22, sda=21).writeto(0x3c, 5), lambda: I2C(0, scl=22, sda=21).writevto(0x3c, 5),
    lambda: I2C(0, scl=22, sda=21).readfrom_mem(0x3c, 0, 2, addrsize=12),
    lambda: Timer(0).init(callback=5), lambda: Timer(0).deinit(), lambda: machine.bitstream(Pin(5), 0, (1, 2), b""),
    lambda: machine.bitstream(Pin(5), 1, (1, 2, 3, 4), b""), lambda: machine.bitstream(Pin(5), 0, (1, 2, 3, -4), "x"),
    lambda: machine.freq(1), lambda: machine.time_pulse_us(Pin(4), 1, 1000), lambda: machine.enable_irq(machine.disable_irq()),
    lambda: neopixel.NeoPixel(Pin(34), 8), lambda: ssd1306.SSD1306_I2C(128, 64, I2C(1)),
    lambda: framebuf.FrameBuffer(bytearray(10), 8, 8, 99), lambda: Pin.irq(5), lambda: PWM.duty(Pin(2)),
    lambda: machine.unique_id(), lambda: machine.freq(), lambda: Pin(2, value=1, mode=Pin.OUT),
    # Argument counts as the esp32 port declares them: a method counts its object, a call does not.
    lambda: Pin(2).on(1), lambda: Pin(2)(1, 2), lambda: ADC(Pin(34)).atten(), lambda: ADC(Pin(34)).read(1),
    lambda: PWM(Pin(2)).freq(1, 2), lambda: machine.idle(1),
]
for i, t in enumerate(tests):
    try:
        print(i, repr(t()))
    except Exception as e:
        print(i, type(e).__name__, e)
try:
    machine.soft_reset()
except SystemExit:
    print("soft reset")
