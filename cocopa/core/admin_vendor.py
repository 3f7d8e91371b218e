"""The admin pages of Django's and third-party apps in the network's words (issue 13, point 8).

django-otp names its TOTP device, fields and fieldsets in plain English strings, and Django stores
permission names in English in the database ("Can add user"). Nothing here changes a model: a
model's verbose_name is read from `_meta.original_attrs` by migrations, and labels live in the
admin's forms and columns, so `makemigrations --check` stays quiet. Called once, from
AdminConfig.ready, after every app's admin module is loaded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

TOTP_NAMES = (_("authenticator app"), _("authenticator apps"))
TOTP_LABELS = {
    "user": _("User"),
    "name": _("Name"),
    "confirmed": _("Confirmed"),
    "created_at": _("Created at"),
    "last_used_at": _("Last used at"),
    "key": _("Secret key"),
    "step": _("Time step (seconds)"),
    "t0": _("Start time (Unix)"),
    "digits": _("Digits"),
    "tolerance": _("Tolerance (steps)"),
    "drift": _("Clock drift (steps)"),
    "throttling_failure_timestamp": _("Last failed attempt"),
    "throttling_failure_count": _("Failed attempts in a row"),
    "qrcode_link": _("QR code"),
}
TOTP_FIELDSETS = {
    "Identity": _("Identity"),
    "Timestamps": _("Dates"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
}
# Django's four default permissions, by the prefix of their codename.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """ "Aderenti | aderente | Può aggiungere aderente": the app's and the model's names in the
    active language, and Django's four default permissions too (their names are stored in English)."""
    model = permission.content_type.model_class()
    if model is None:  # a permission left behind by a removed model
        return str(permission)
    opts = model._meta
    action = permission.codename.split("_", 1)[0]
    name: Any = permission.name
    if permission.codename == f"{action}_{opts.model_name}" and action in PERMISSION_ACTIONS:
        name = PERMISSION_ACTIONS[action] % {"model": opts.verbose_name}
    app = opts.app_config.verbose_name
    return f"{app} | {opts.verbose_name} | {name}"


class _PermissionLabels:
    """Group and user forms list the permissions by their labels in the active language."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field  # type: ignore[no-any-return]


class NetworkGroupAdmin(_PermissionLabels, GroupAdmin):
    pass


class NetworkUserAdmin(_PermissionLabels, UserAdmin):  # type: ignore[type-arg]
    pass


def _column(field: str) -> Any:
    def value(obj: TOTPDevice) -> Any:
        return getattr(obj, field)

    boolean = isinstance(TOTPDevice._meta.get_field(field), models.BooleanField)
    return admin.display(description=TOTP_LABELS[field], ordering=field, boolean=boolean)(value)


class NetworkTOTPDeviceAdmin(TOTPDeviceAdmin):  # type: ignore[misc]
    """django-otp's admin of authenticator apps with Italian (or English) labels."""

    def get_list_display(self, request: HttpRequest) -> Any:
        columns = super().get_list_display(request)
        return [
            _column(c) if c in ("user", "name", "created_at", "last_used_at", "confirmed") else c
            for c in columns
        ]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (TOTP_FIELDSETS.get(str(title), title), opts)
            for title, opts in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        for name, label in TOTP_LABELS.items():
            if name in form.base_fields:
                form.base_fields[name].label = label
        return form

    @admin.display(description=TOTP_LABELS["qrcode_link"])
    def qrcode_link(self, device: TOTPDevice) -> Any:
        return super().qrcode_link(device)


def relabel() -> None:
    TOTPDevice._meta.verbose_name, TOTPDevice._meta.verbose_name_plural = TOTP_NAMES
    for model, model_admin in (
        (TOTPDevice, NetworkTOTPDeviceAdmin),
        (Group, NetworkGroupAdmin),
        (User, NetworkUserAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
