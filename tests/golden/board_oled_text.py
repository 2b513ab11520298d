# ferrite-args: --board --fast
# Text and a graph on the SSD1306 OLED through the ssd1306 driver API.
# The lit-pixel counts and hashes equal MicroPython's framebuf drawing the same picture.
from machine import Pin, I2C, SoftI2C
import ssd1306

i2c = I2C(0, scl=Pin(22), sda=Pin(21))
print(i2c.scan())
oled = ssd1306.SSD1306_I2C(128, 64, i2c)
oled.text("Hello, ESP32!", 0, 0)
oled.hline(0, 10, 128, 1)
oled.show()
for x in range(0, 128, 4):
    y = 63 - (x * x) // 300
    oled.line(x, 63, x, max(y, 12), 1)
oled.show()
print(oled.pixel(0, 10), oled.pixel(1, 1), oled.width, oled.height)
oled.invert(1)
oled.contrast(50)
oled.fill(0)
oled.text("bye", 40, 30)
oled.show()
oled.poweroff()
soft = SoftI2C(scl=Pin(22), sda=Pin(21))
print(soft.scan(), soft.readfrom(0x3C, 1))
try:
    I2C(0).writeto(0x3C, b"\x00")
except OSError as e:
    print("OSError:", e)
