"""Read endpoints on governance: bodies and their composition, mandates, meetings, resolutions."""

from ninja import Router

router = Router(tags=["governance"])
