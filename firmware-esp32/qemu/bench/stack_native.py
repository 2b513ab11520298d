# Recursion through native calls (__repr__ calling repr) to the VM's native depth limit: the
# deepest nesting that works (in steps of 5) and what deeper nesting raises.
class Node:
    def __init__(self, inner):
        self.inner = inner
    def __repr__(self):
        return 'N' + repr(self.inner)
n = 0
depth = 0
try:
    while depth < 500:
        n = Node(n)
        depth += 1
        if depth % 5 == 0:
            repr(n)
except RuntimeError as e:
    print('ok to', depth - 5, '|', depth, e)
