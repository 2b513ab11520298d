// The Examples menu: programs that run unchanged on a real ESP32 DevKit wired like the page.

export const EXAMPLES = {
  blink: ['Blink the onboard LED', `from machine import Pin
import time

led = Pin(2, Pin.OUT)   # GPIO2: the onboard blue LED
while True:
    led.value(not led.value())
    time.sleep(0.5)
`],
  button: ['Button + IRQ', `from machine import Pin
import time

led = Pin(25, Pin.OUT)
presses = 0

def pressed(pin):
    global presses
    presses += 1
    led.value(not led.value())

# BOOT (GPIO0) and GPIO4 are active low: pressed reads 0.
Pin(0, Pin.IN, Pin.PULL_UP).irq(trigger=Pin.IRQ_FALLING, handler=pressed)
Pin(4, Pin.IN, Pin.PULL_UP).irq(trigger=Pin.IRQ_FALLING, handler=pressed)
print("Press BOOT or GPIO4")
while True:
    time.sleep(1)
    print("presses:", presses)
`],
  fade: ['Fade with PWM', `from machine import Pin, PWM
import time

pwm = PWM(Pin(26), freq=1000)
while True:
    for duty in range(0, 65536, 2048):
        pwm.duty_u16(duty)
        time.sleep_ms(20)
    for duty in range(65535, -1, -2048):
        pwm.duty_u16(duty)
        time.sleep_ms(20)
`],
  rainbow: ['NeoPixel rainbow', `from machine import Pin
import neopixel
import time

np = neopixel.NeoPixel(Pin(5), 8)

def wheel(pos):
    pos %= 256
    if pos < 85:
        return (255 - pos * 3, pos * 3, 0)
    if pos < 170:
        pos -= 85
        return (0, 255 - pos * 3, pos * 3)
    pos -= 170
    return (pos * 3, 0, 255 - pos * 3)

step = 0
while True:
    for i in range(8):
        np[i] = wheel(step + i * 32)
    np.write()
    step += 4
    time.sleep_ms(30)
`],
  oled: ['OLED hello and a graph', `from machine import Pin, I2C
import ssd1306
import math
import time

i2c = I2C(0, scl=Pin(22), sda=Pin(21))
oled = ssd1306.SSD1306_I2C(128, 64, i2c)
oled.fill(0)
oled.text("Hello, Ferrite!", 0, 0)
oled.hline(0, 12, 128, 1)
for x in range(128):
    y = 38 - int(22 * math.sin(x / 10))
    oled.pixel(x, y, 1)
oled.show()
print("drawn")
`],
  servo: ['Potentiometer → servo', `from machine import Pin, PWM, ADC
import time

pot = ADC(Pin(34))
servo = PWM(Pin(18), freq=50)

def angle(deg):
    # 0.5 ms .. 2.5 ms of a 20 ms period
    us = 500 + deg * 2000 // 180
    servo.duty_u16(us * 65535 // 20000)

while True:
    deg = pot.read_u16() * 180 // 65535
    angle(deg)
    time.sleep_ms(20)
`],
  melody: ['Buzzer melody', `from machine import Pin, PWM
import time

buzzer = PWM(Pin(19), freq=440, duty_u16=0)
notes = [262, 294, 330, 349, 392, 440, 494, 523]
for f in notes + notes[::-1]:
    buzzer.freq(f)
    buzzer.duty_u16(32768)
    time.sleep_ms(180)
    buzzer.duty_u16(0)
    time.sleep_ms(20)
print("done")
`],
  fizzbuzz: ['Exercise: FizzBuzz (pure Python)', `# Print 1..20, but Fizz for multiples of 3, Buzz for 5, FizzBuzz for both.
def fizzbuzz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)

for i in range(1, 21):
    print(fizzbuzz(i))
`],
};
