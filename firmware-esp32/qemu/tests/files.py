# Files in flash: write, read back, append, list, stat, folders, rename, remove, errors.
# Expected: what MicroPython's unix port prints in an empty folder, with the board's cwd (/lib).
import os

def show(label, f):
    try:
        print(label, f())
    except OSError as e:
        print(label, "OSError", e.errno)

with open("hello.txt", "w") as f:
    f.write("hello\n")
    f.write("flash\n")
print(open("hello.txt").read(), end="")
with open("hello.txt", "a") as f:
    f.write("again\n")
print(open("hello.txt").read().split())
data = bytes(range(256)) * 40
with open("big.bin", "wb") as f:
    f.write(data)
print(open("big.bin", "rb").read() == data, os.stat("big.bin")[6])
os.mkdir("lib")
with open("lib/util.py", "w") as f:
    f.write("def twice(x):\n    return 2 * x\n")
import sys
sys.path.append("lib")
import util
print(util.twice(21))
print(sorted(os.listdir()), os.listdir("lib"))
print(os.stat("lib")[0] & 0x4000 != 0, os.stat("hello.txt")[0] & 0x8000 != 0)
os.rename("hello.txt", "lib/moved.txt")
print(sorted(os.listdir("lib")), "hello.txt" in os.listdir())
os.chdir("lib")
print(os.getcwd(), open("moved.txt").readline(), end="")
os.chdir("..")
show("read missing", lambda: open("missing.txt"))
show("mkdir again", lambda: os.mkdir("lib"))
show("rmdir full", lambda: os.rmdir("lib"))
show("remove missing", lambda: os.remove("missing.txt"))
for name in os.listdir("lib"):
    os.remove("lib/" + name)
os.rmdir("lib")
os.remove("big.bin")
print(os.listdir())
