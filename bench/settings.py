"""The real settings, with the floor views mounted beside the site (bench/urls.py)."""

from cocopa.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
