"""Staff read endpoints on fees: assessments and payments (token or session authentication)."""

from ninja import Router

router = Router(tags=["fees"])
