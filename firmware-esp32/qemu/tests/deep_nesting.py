# Native recursion on the harness's real 32-bit stack with the chip's budget (the smaller
# chip's stack): useful depths work, and deeper ones end in RuntimeError or SyntaxError, never
# a crash. xtask then checks that the deepest of these stayed within that stack.
import json


class Node:
    def __init__(self, inner):
        self.inner = inner

    def __repr__(self):
        return "N" + repr(self.inner)


def nodes(n):
    x = 0
    for i in range(n):
        x = Node(x)
    return x


def lists(n):
    a = []
    for i in range(n):
        a = [a]
    return a


def tuples(n):
    t = ()
    for i in range(n):
        t = (t,)
    return t


def attempt(what, f):
    try:
        print(what, f())
    except (RuntimeError, SyntaxError, MemoryError) as e:
        print(what, type(e).__name__)


# __repr__ calling repr: a native re-entry into the interpreter per level.
attempt("repr of Nodes 5", lambda: repr(nodes(5)) == "N" * 5 + "0")
attempt("repr of Nodes 500", lambda: len(repr(nodes(500))))
# Nested data: repr, ==, <, hash recurse in Rust; json.dumps in Python (a stand-in), whose
# frames on this heap run out before the recursion limit: MemoryError there.
attempt("repr of lists 50", lambda: repr(lists(50)) == "[" * 51 + "]" * 51)
attempt("== of lists 50", lambda: lists(50) == lists(50))
attempt("< of lists 50", lambda: lists(50) < lists(51))
attempt("hash of tuples 50", lambda: hash(tuples(50)) == hash(tuples(50)))
attempt("json of lists 50", lambda: json.loads(json.dumps(lists(50))) == lists(50))
attempt("repr of lists 1000", lambda: len(repr(lists(1000))))
attempt("hash of tuples 1000", lambda: hash(tuples(1000)))
attempt("json of lists 1000", lambda: len(json.dumps(lists(1000))))
attempt("json.loads 1000", lambda: len(json.loads("[" * 1000 + "]" * 1000)))
# Nested source: the parser and the compiler recurse on it.
attempt("eval 20 parens", lambda: eval("(" * 20 + "1" + ")" * 20))
attempt("eval 20 lists", lambda: eval("[" * 20 + "]" * 20) == lists(19))
attempt("eval 500 parens", lambda: eval("(" * 500 + "1" + ")" * 500))
attempt("exec 20 blocks", lambda: exec("".join(" " * i + "if 1:\n" for i in range(20)) + " " * 20 + "pass\n"))
print("still here")
