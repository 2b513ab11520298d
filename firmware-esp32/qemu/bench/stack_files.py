# The file store: a write, an append, a read and a removal (each an ekv transaction).
import os
with open('stack.txt', 'w') as f:
    f.write('x' * 5000)
with open('stack.txt', 'a') as f:
    f.write('y' * 100)
print(len(open('stack.txt').read()))
os.remove('stack.txt')
