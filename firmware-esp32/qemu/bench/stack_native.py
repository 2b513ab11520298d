# Recursion through native calls (__repr__ calling repr) to the VM's native depth limit.
class Node:
    def __init__(self, inner):
        self.inner = inner
    def __repr__(self):
        return 'N' + repr(self.inner)
n = 0
for i in range(200):
    n = Node(n)
try:
    print(len(repr(n)))
except RuntimeError as e:
    print(e)
