"""Keeping a secret ballot secret in the database, not only on the page.

A secret ballot row holds the election and the choices, nothing else: no member, no voter, no
time, a random key (uuid4), no history table. What is left to join it to its voter is where it
sits: SQLite's rowid, PostgreSQL's ctid and xmin, the order of the keys. So the box is mixed at
every cast: all its ballots are read, the new one joins them, and they are written again in a
random order with new random keys, in the cast's transaction (the election row locked). After
that, the n-th ballot in any order is no more the n-th voter's than a draw would make it, and
every ballot carries the same writing transaction (that of the last cast).

What this does not hide (README "Secrecy"): someone watching the box between two casts sees
which ballot arrived, as one sees the tally move; old row versions stay in the database files
(SQLite's free pages and write-ahead log, PostgreSQL's dead tuples until VACUUM and its WAL)
for whoever can read the raw files rather than the tables.
"""

import random
from collections.abc import Sequence

from cocopa.governance.models import Ballot

_draw = random.SystemRandom()


def mix_box(election_id: int, added: Sequence[int] | None = None) -> int:
    """Write the election's secret ballots (and `added`, a new one) again in random order with
    new keys; how many the box holds. Call inside the transaction that locks the election."""
    box = [list(c) for c in Ballot.objects.filter(election_id=election_id).values_list("choices", flat=True)]
    if added is not None:
        box.append(sorted(added))
    _draw.shuffle(box)
    Ballot.objects.filter(election_id=election_id).delete()
    # bulk_create writes in list order, so the rows' physical order is the drawn one.
    Ballot.objects.bulk_create([Ballot(election_id=election_id, choices=choices) for choices in box])
    return len(box)
