"""`cocopa ensure_admin`: one administrator with a random password, and only while there is none."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cocopa.core.models import AuditEvent

pytestmark = pytest.mark.django_db
User = get_user_model()


def ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    line = next(line for line in output.splitlines() if "created with password:" in line)
    return line.rsplit(": ", 1)[1]


def test_a_new_installation_gets_an_admin_whose_printed_password_works():
    output = ensure_admin()

    assert "Administrator 'admin' created with password: " in output
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff, admin.is_active) == (True, True, True)
    password = printed_password(output)
    assert len(password) >= 20
    assert admin.check_password(password)
    assert AuditEvent.objects.filter(verb="auth.admin_created", target_id=str(admin.pk)).count() == 1


def test_running_it_again_creates_nothing_and_prints_no_password():
    password = printed_password(ensure_admin())

    output = ensure_admin()

    assert "password" not in output
    assert User.objects.count() == 1
    assert User.objects.get(username="admin").check_password(password)


def test_an_existing_superuser_of_any_name_means_no_admin_is_created():
    User.objects.create_superuser(username="segreteria", email="", password="x")

    output = ensure_admin()

    assert "password" not in output
    assert not User.objects.filter(username="admin").exists()


def test_an_ordinary_user_called_admin_is_not_promoted():
    User.objects.create_user(username="admin", password="x")

    output = ensure_admin()

    assert "password" not in output
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (False, False)


def test_each_installation_gets_a_different_password():
    first = printed_password(ensure_admin())
    User.objects.all().delete()

    second = printed_password(ensure_admin())

    assert first != second


def test_it_says_where_to_give_colleagues_a_role_on_every_run(settings):
    settings.COCOPA_SITE_URL = "https://pace.example.org"
    for output in (ensure_admin(), ensure_admin()):  # the first run creates the admin, the second does not
        assert "invite them by e-mail at https://pace.example.org/office/people/" in output
