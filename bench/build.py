"""`python -m bench.build MEMBERS [INITIATIVES]`: add synthetic members (and initiatives) to DATABASE_URL's database.

Run after `cocopa migrate` and `cocopa load_demo`, so the network profile, its capital and its
size classes exist as on a real installation.
"""

import sys

import django


def main() -> None:
    django.setup()
    from cocopa.cooperation.testing import make_portfolio
    from cocopa.testing import make_members

    count = int(sys.argv[1])
    make_members(count)
    print(f"Added {count} synthetic members.")
    if len(sys.argv) > 2:
        initiatives = make_portfolio(int(sys.argv[2]), prefix="bench")
        print(f"Added {initiatives} synthetic initiatives.")


if __name__ == "__main__":
    main()
