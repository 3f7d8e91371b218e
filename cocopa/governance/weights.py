"""How much a member's population weighs, per body: in population-weighted and double-majority
votes, and in the share of population represented that a quorum may require.

The Assembly's members are mostly municipalities; a member that is not one (the metropolitan city,
a region) **contains** member municipalities, so counting its full population would count their
inhabitants twice, and one such member (the metropolitan city: 2,247,780 inhabitants, more than
all the member municipalities together) would alone decide the population side of any vote it
attends. Each body therefore says, as data, how a non-municipal member's population counts:

- NOT_COUNTED (the software's default, not from the statutes): 0 inhabitants. The member still
  votes and counts as one member; only its population weighs nothing.
- POPULATION: its full population, as for a municipality.

A municipality always weighs its population. An unknown population stays unknown (None), so the
services can refuse to weigh it or list it, as before; a non-municipal member not counted weighs
0 whether its figure is known or not, since the figure is not used.
"""

from enum import StrEnum


class NonMunicipal(StrEnum):
    NOT_COUNTED = "not_counted"
    POPULATION = "population"


DEFAULT = NonMunicipal.NOT_COUNTED


def weight(population: int | None, *, municipality: bool, rule: NonMunicipal) -> int | None:
    """The population a member weighs with under `rule`."""
    if population is not None and population < 0:
        raise ValueError("population cannot be negative")
    if municipality or rule == NonMunicipal.POPULATION:
        return population
    return 0
