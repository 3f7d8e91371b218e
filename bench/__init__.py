"""`make bench`: latency of the public endpoints and ISTAT import time, each against its floor."""
