"""Uploads and downloads (cocopa/core/documents.py): what an upload may be, and the headers,
404s and storage paths of a download."""

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils.datastructures import MultiValueDict

from cocopa.core.documents import DocumentField, serve, upload_refused

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ZIP = b"PK\x03\x04" + b"\x00" * 32


class Stored:
    """A FieldFile's face: a name and the storage it lives in."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage, self.name = storage, name


@pytest.mark.parametrize(
    ("name", "content"),
    [("odg.pdf", PDF), ("Ordine.PDF", PDF), ("atto.odt", ZIP), ("atto.docx", ZIP), ("foto.png", PNG)],
)
def test_accepted_kinds(name, content):
    assert upload_refused(SimpleUploadedFile(name, content)) is None


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("virus.exe", b"MZ\x90\x00", "non è un file PDF, ODT, DOCX, PNG o JPEG"),
        ("pagina.html", b"<html><script>", "non è un file PDF"),
        ("immagine.svg", b"<svg onload=alert(1)>", "non è un file PDF"),
        ("finto.pdf", b"<html><script>alert(1)</script>", "non corrisponde alla sua estensione (.pdf)"),
        ("finto.docx", PDF, "non corrisponde alla sua estensione (.docx)"),
    ],
)
def test_refused_kinds_are_named_with_the_file(name, content, words):
    refusal = upload_refused(SimpleUploadedFile(name, content))

    assert refusal is not None
    assert words in refusal
    assert name in refusal


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(settings):
    settings.COCOPA_MAX_UPLOAD_MB = 0.001  # 1,048 bytes
    refusal = upload_refused(SimpleUploadedFile("grande.pdf", PDF + b"0" * 2000))

    assert refusal is not None
    assert "grande.pdf" in refusal
    assert "0.001 MB" in refusal


def test_the_form_field_puts_the_refusal_on_the_field():
    class Form(forms.Form):
        document = DocumentField(label="Documento", required=False)

    form = Form(data={}, files=MultiValueDict({"document": [SimpleUploadedFile("x.exe", b"MZ")]}))

    assert not form.is_valid()
    assert list(form.errors) == ["document"]
    assert "x.exe" in form.errors["document"][0]
    assert Form().fields["document"].widget.attrs["accept"] == ".pdf,.odt,.docx,.png,.jpg,.jpeg"


def test_a_pdf_is_served_inline_with_its_type_and_name(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("governance/2026/odg.pdf", ContentFile(PDF))

    response = serve(Stored(storage, name))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="odg.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue() == PDF


def test_an_odt_is_an_attachment_and_a_non_ascii_name_follows_rfc_5987(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("acts/delibera_città.odt", ContentFile(ZIP))

    response = serve(Stored(storage, name))

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''delibera_citt%C3%A0.odt"


def test_an_unknown_extension_stored_earlier_is_an_attachment_of_a_generic_type(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("acts/pagina.html", ContentFile(b"<script>alert(1)</script>"))

    response = serve(Stored(storage, name))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/html"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["", "acts/missing.pdf"])
def test_no_file_or_a_missing_file_is_404(tmp_path, name):
    with pytest.raises(Http404):
        serve(Stored(FileSystemStorage(location=tmp_path), name))


@pytest.mark.parametrize(
    "name", ["../secret.pdf", "../../etc/passwd", "/etc/passwd", "acts/../../secret.pdf"]
)
def test_a_stored_name_outside_the_storage_is_404_never_read(tmp_path, name):
    (tmp_path / "secret.pdf").write_bytes(PDF)
    media = tmp_path / "media"
    media.mkdir()

    with pytest.raises(Http404):
        serve(Stored(FileSystemStorage(location=media), name))
