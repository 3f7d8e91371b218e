"""Login security helpers: who needs a second factor, and the TOTP device set-up (django-otp)."""

from base64 import b32encode
from typing import Any

import qrcode.image.svg  # type: ignore[import-untyped]
from django.conf import settings
from django_otp import devices_for_user  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import roles

# The first TOTP device of a user; the set-up page creates it unconfirmed.
DEVICE_NAME = "authenticator"


def needs_second_factor(user: Any) -> bool:
    """Staff (is_staff, superusers, the peace and administrative offices) must confirm a TOTP code."""
    return roles.is_staff(user)


def is_protected_path(path: str) -> bool:
    """True for the staff pages (COCOPA_STAFF_OTP_PATH_PREFIXES), with or without a language prefix."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and path.startswith(f"/{code}/"):
            path = path[len(code) + 1 :]
            break
    if any(path.startswith(p) for p in settings.COCOPA_STAFF_OTP_EXEMPT_PREFIXES):
        return False
    return any(path.startswith(p) for p in settings.COCOPA_STAFF_OTP_PATH_PREFIXES)


def has_confirmed_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call; the set-up page shows its key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps take it when typed in, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (no image request, no CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))
