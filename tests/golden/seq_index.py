# Indexing lists, tuples, bytes and bytearrays by small ints (the interpreter's fast path and
# LoadFastSubscr): negative indices, the ends, out of range both ways, empty sequences, stores.
def main():
    l=[1,2,3]; t=(4,5); b=b'xy'; ba=bytearray(b'pq')
    print(l[-1], l[-3], t[-2], b[-1], ba[0], l[2], ba[-1], b[0])
    for s in (l, t, b, ba, [], ()):
        for i in (3, -4, 2, -3, 0, -1):
            try: print(s[i])
            except IndexError as e: print('IE', e)
    l[-1]=9; ba[-2]=65; print(l, ba)
    for i in (3,-4):
        try: l[i]=0
        except IndexError as e: print('IE', e)


main()
