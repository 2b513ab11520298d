# Instances of subclasses of built-in types iterate as the value they wrap, even when the
# subclass defines __getitem__ (a dict's keys, not d[0], d[1]...).
class D(dict):
    def __getitem__(self, k):
        return 'item ' + str(k)


class L(list):
    def __getitem__(self, i):
        return -1


class T(tuple):
    pass


d = D(a=1, b=2)
print(sorted(d), sorted(k for k in d), d['a'])
print(list(L([1, 2, 3])), [x for x in L([4])], L([5])[0])
print(list(T((1, 2))), sum(T(range(5))), sorted(T('cab')), max(D({3: 0, 7: 0})))
a, b = T((8, 9))
print(a, b)
