"""Posts and pictures for tests."""

import base64
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cocopa.news import services
from cocopa.news.models import Post

# A 60×40 blue PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAADwAAAAoCAIAAAAt2Q6oAAAASElEQVR4nO3OQQ3AIAAAMZhY1CIKD3scIWkVdI61x2u+24E/pCvSF"
    "emKdEW6Il2RrkhXpCvSFemKdEW6Il2RrkhXpCvSFemKdEW6Il2RrkhXpCvSFenKAVSiAYIK6+paAAAAAElFTkSuQmCC"
)


def picture(name: str = "pace.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def make_post(*, published: bool = False, image: bool = False, **fields: Any) -> Post:
    """A post written by the system (no actor); published when asked."""
    fields.setdefault("title_it", "Notizia di prova")
    if image:
        fields.setdefault("image_alt_it", "Una bandiera blu")
        if fields.get("title_en"):
            fields.setdefault("image_alt_en", "A blue flag")
    post = services.create_post(services.PostInput(**fields), actor=None, image=picture() if image else None)
    if published:
        post = services.publish_post(post, actor=None)
    return post
