# `python3 -m unittest tests.test_retry` imports the test modules as part of this package, while
# `discover -s tests` imports them as top-level modules; both then find `support` on this path.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
