# Dict and set lookups by str keys that are equal but distinct objects (the words `split`
# makes): each key's remembered position must still answer right after deletes, rebuilds
# and other dicts.
words = "a bb a ccc bb a dd ccc a".split(" ")
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items()), len(counts))
for w in words:
    counts[w] += 1
print(sorted(counts.items()))
del counts["a"]
print([counts.get(w, "gone") for w in words], "a" in counts, words[2] in counts)
counts[words[4]] = "bb again"
counts[words[0]] = "a back"
print(sorted(counts.items()))
other = {}
for w in reversed(words):
    other[w] = other.get(w, 0) - 1
print(sorted(other.items()), [other[w] for w in words[:3]], [counts[w] for w in words[:3]])
s = set(words)
print(len(s), sorted(s), all(w in s for w in words), "zz" in s)
s.discard(words[1])
print(sorted(s), words[4] in s)
d2 = dict.fromkeys(words, 0)
for w in "x a y bb".split(" "):
    print(w, d2.get(w), w in d2)
