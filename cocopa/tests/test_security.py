"""Production settings: Argon2, a clean `check --deploy`, and the Content Security Policy."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

import cocopa.settings as production
from cocopa.settings import _tile_source

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COCOPA_", "SECURE_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cocopa.example.org",
        DATABASE_URL="sqlite://:memory:",
        COCOPA_HTTPS="true",
        DJANGO_SETTINGS_MODULE="cocopa.settings",
    )
    env.update(extra)
    return env


def test_production_hashes_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()  # argon2-cffi is installed, so the hasher works
    encoded = hasher.encode("a passphrase", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("a passphrase", encoded)


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "?:" not in result.stderr


def test_production_settings_are_strict_and_make_run_stays_on_plain_http():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, s.SECURE_PROXY_SSL_HEADER)"
    )
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    https = subprocess.run(
        run, cwd=ROOT, env=production_env(BEHIND_TLS_PROXY="true"), capture_output=True, text=True
    )
    assert https.stdout.split() == [
        "True", "True", "True", "31536000", "True", "DENY", "('HTTP_X_FORWARDED_PROTO',", "'https')"
    ]  # fmt: skip
    local = production_env()
    del local["COCOPA_HTTPS"]
    plain = subprocess.run(run, cwd=ROOT, env=local, capture_output=True, text=True)
    assert plain.stdout.split()[:4] == ["False", "False", "False", "0"]


@pytest.mark.parametrize(
    ("template", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png", "https://*.tiles.example.org:8443"),
    ],
)
def test_the_policy_allows_the_tile_server_of_the_map(template, source):
    assert _tile_source(template) == source


@pytest.mark.django_db
def test_pages_carry_the_policy_and_their_inline_scripts_its_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce
    assert "script-src 'self' 'nonce-" in policy
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    inline = [attrs for attrs in inline if "application/json" not in attrs]
    assert inline, "base.html has inline scripts"
    assert all(f'nonce="{nonce.group(1)}"' in attrs for attrs in inline)
