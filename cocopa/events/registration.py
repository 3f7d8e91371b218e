"""The rules of registration, on plain values: whether an event takes registrations now, how many
places are left and which status a new registration gets. No ORM: services.py asks these under
its lock, the event page to show the form and the places left."""

import datetime as dt

CONFIRMED = "confirmed"
WAITING = "waiting"


def places_left(capacity: int | None, confirmed: int) -> int | None:
    """Places still free; None when the places are not limited."""
    if capacity is None:
        return None
    return max(capacity - confirmed, 0)


def status_for(capacity: int | None, confirmed: int) -> str:
    """A new registration is confirmed while places remain, else put on the waiting list."""
    left = places_left(capacity, confirmed)
    return CONFIRMED if left is None or left > 0 else WAITING


def closed_because(
    *,
    registration_open: bool,
    is_public: bool,
    on_a_day: bool,
    first_day: dt.date,
    starts_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    now: dt.datetime,
    today: dt.date,
) -> str:
    """Why the event takes no registration now ("" when it does): "closed" (not asked for, a
    draft, or an event not dated to the day), "started" (it has begun), "deadline" (the
    closing time set by the office has passed)."""
    if not (registration_open and is_public and on_a_day):
        return "closed"
    if (starts_at is not None and starts_at <= now) or (starts_at is None and first_day <= today):
        return "started"
    if closes_at is not None and closes_at <= now:
        return "deadline"
    return ""
