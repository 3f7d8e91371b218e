"""The second-factor pages: set up an authenticator app, then confirm a code each session.

Setting one up needs an invitation link (cocopa.core.enrolment) or a second factor confirmed in
this session: a password alone never enrols a device (docs/decisions/0013).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user  # type: ignore[import-untyped]
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from cocopa.core import enrolment, security

# The invitation token a user redeemed, kept in the session until the device is confirmed.
INVITATION_KEY = "cocopa_enrol_invitation"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return "/"


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def otp_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: after logging in as its user, it opens the set-up page with a new key."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not enrolment.valid_for(token, request.user):
        other = enrolment.user_id_of(token) not in (None, request.user.pk)
        return render(request, "otp/enrol_refused.html", {"other_account": other}, status=403)
    request.session[INVITATION_KEY] = token
    # A key shown before (say, to someone who had the password) is never the one enrolled.
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    return redirect(reverse("otp-setup"))


def _may_enrol(request: HttpRequest) -> bool:
    if request.user.is_verified():  # type: ignore[union-attr]  # a confirmed second factor
        return True
    return enrolment.valid_for(request.session.get(INVITATION_KEY, ""), request.user)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Show a new TOTP key as a QR code and its text; the first right code confirms the device."""
    if not request.user.is_verified() and security.has_confirmed_device(request.user):  # type: ignore[union-attr]
        return redirect(_with_next("otp-verify", request))
    if not _may_enrol(request):
        return render(request, "otp/enrol_needed.html", status=403)
    device = security.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(INVITATION_KEY, None)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right. Check the clock of the phone and try again."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": security.qr_svg(device),
        "secret": security.secret_text(device),
    }
    return render(request, "otp/setup.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of the user's authenticator app once per session."""
    if not security.has_confirmed_device(request.user):
        return redirect(_with_next("otp-setup", request))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "")
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("That code is not right, or it has expired. Try the current one."))
    return render(request, "otp/verify.html", {"form": form, "next": _next_url(request)})
