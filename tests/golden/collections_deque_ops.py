# Random appends, pops, extends and indexing on small deques (maxlen 0 to 4, with and
# without the overflow flag), against MicroPython's ring buffer.
from collections import deque
import random

random.seed(5)
for trial in range(60):
    n = random.randint(0, 4)
    flag = random.randint(0, 1)
    d = deque([random.randint(0, 9) for _ in range(random.randint(0, 6))] if not flag else [], n, flag)
    out = []
    for step in range(12):
        op = random.randint(0, 5)
        try:
            if op == 0:
                d.append(step)
            elif op == 1:
                d.appendleft(step)
            elif op == 2:
                out.append(d.pop())
            elif op == 3:
                out.append(d.popleft())
            elif op == 4:
                d.extend(range(random.randint(0, 3)))
            else:
                out.append(d[random.randint(-3, 3)])
        except IndexError as e:
            out.append(str(e))
        out.append(list(d))
    print(n, flag, len(d), bool(d), out)
