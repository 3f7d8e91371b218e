#!/usr/bin/env python
"""Same as the `cocopa` console script, for people used to manage.py."""

from cocopa.__main__ import main

if __name__ == "__main__":
    main()
