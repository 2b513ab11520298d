# A float literal, float() of its text and json.loads read numbers the same way (MicroPython's
# mp_parse_num_float, not always the closest float), and round() scales by exact powers of ten.
import json

texts = ['0.00454064143074506253e11', '1.7976931348623157e308', '2.2250738585072014e-308', '0.1', '123456789012345678901234567890.5', '4.9e-324', '1e23', '8.98846567431158e307']
for t in texts:
    lit = eval(t)
    print(repr(lit), lit == float(t), lit == json.loads(t), json.loads('[' + t + ']')[0] == lit)
print(454064143.0745062 == 0.00454064143074506253e11)
for n in (-5, -1, 0, 1, 2, 7, 15, 22, 23, 30):
    print(n, round(2.675, n), round(123456.789, n), round(1e-3, n))
