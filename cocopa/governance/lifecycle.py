"""When a meeting's outcome and a board election's ballots may be recorded.

A sitting's register, its votes, their counts, its resolutions and its minutes describe what
happened at the sitting, so none of them exists before the sitting begins:

- A meeting **opens at its start time** (`Meeting.starts_at`, date and time in the project's time
  zone), not at midnight of its day: a meeting convened for 18:00 cannot have its attendance
  taken at 09:00 the same day. From then on the office records the register, opens votes (puts
  motions), records roll-calls, counts and writes the minutes. Announcing attendance is the
  opposite: only before the start (`services.announce_attendance`).
- A cancelled meeting never opens, whatever the clock says.
- A board election has a day (`Election.held_on`) but no time: voting **opens at the start of
  that day** in the project's time zone. Opening voting, casting, closing and counting are
  refused before; nominations are not (they come before the election).

Each check returns the reason it is refused (a code) or None, so the services can word the
refusal and the tests can read it as a plain value.
"""

import datetime as dt
from enum import StrEnum


class Refusal(StrEnum):
    NOT_YET_OPEN = "meeting_not_yet_open"
    CANCELLED = "meeting_cancelled"
    ELECTION_NOT_YET_OPEN = "election_not_yet_open"


def meeting_opened(starts_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether a meeting starting at `starts_at` has begun at `now` (both aware)."""
    if starts_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("compare aware datetimes: a naive time has no place in the day")
    return now >= starts_at


def meeting_outcome_refused(starts_at: dt.datetime, cancelled: bool, now: dt.datetime) -> Refusal | None:
    """Why nothing about the meeting's outcome may be recorded at `now`, or None when it may."""
    if cancelled:
        return Refusal.CANCELLED
    if not meeting_opened(starts_at, now):
        return Refusal.NOT_YET_OPEN
    return None


def election_voting_refused(held_on: dt.date, today: dt.date) -> Refusal | None:
    """Why voting in an election held on `held_on` may not open, be cast, closed or counted on
    `today` (the local date), or None when it may."""
    if today < held_on:
        return Refusal.ELECTION_NOT_YET_OPEN
    return None
