"""The network's factsheet: its presentation regenerated from the data, as a page and a PDF."""
