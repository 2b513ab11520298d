# An uncaught exception: a traceback and exit status 1. (MicroPython's unix port prints the
# traceback on stdout; only what the program writes to sys.stderr goes to stderr.)
import sys

print("before")
print("to stderr", file=sys.stderr)


def divide(a, b):
    return a / b


def main():
    print(divide(1, 2))
    print(divide(1, 0))


main()
print("never")
