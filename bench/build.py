"""`python -m bench.build COUNT`: add COUNT synthetic members to the database DATABASE_URL names.

Run after `cocopa migrate` and `cocopa load_demo`, so the network profile, its capital and its
size classes exist as on a real installation.
"""

import sys

import django


def main() -> None:
    django.setup()
    from cocopa.testing import make_members

    count = int(sys.argv[1])
    make_members(count)
    print(f"Added {count} synthetic members.")


if __name__ == "__main__":
    main()
