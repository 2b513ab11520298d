# A backtracking regular expression over a long subject.
import re
m = re.match('(a|b)*c', 'ab' * 400 + 'c')
print(m is not None)
