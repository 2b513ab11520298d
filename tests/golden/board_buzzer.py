# ferrite-args: --board --fast
# A melody on the buzzer (GPIO19): the PWM frequency is the tone, duty 0 is silence.
from machine import Pin, PWM
import time

NOTES = {"C": 262, "D": 294, "E": 330, "G": 392}
buzzer = PWM(Pin(19), freq=440, duty_u16=0)
for note in "CDEG":
    buzzer.freq(NOTES[note])
    buzzer.duty_u16(32768)
    time.sleep_ms(200)
    buzzer.duty_u16(0)
    time.sleep_ms(50)
buzzer.init(freq=880, duty=100)
time.sleep_ms(100)
buzzer.deinit()
