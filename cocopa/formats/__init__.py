"""Dates as the network writes them (FORMAT_MODULE_PATH): Django's own formats for everything
not named in <lang>/formats.py."""
