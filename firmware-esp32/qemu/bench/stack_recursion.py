# Python recursion to the VM's frame limit.
def f(n):
    return f(n + 1)
try:
    f(0)
except RuntimeError as e:
    print(e)
