# machine on the bare-metal port's host: the board's fixed CPU clock.
import machine

print(machine.freq())
try:
    machine.freq(80000000)
except ValueError as e:
    print("ValueError:", e)
machine.freq(160000000)
