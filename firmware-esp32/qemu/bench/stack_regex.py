# A backtracking regular expression over a long subject, to the engine's depth limit.
import re
try:
    print(re.match('(a|b)*c', 'ab' * 400 + 'c') is not None)
except RuntimeError as e:
    print(e)
