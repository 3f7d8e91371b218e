"""Fee pages: the administrative office's (year overview, assess, payments, waivers, arrears,
exports, receipts) and a member representative's own (/fees/mine/).

Thin views: load, authorise (`user.has_perm`, rules in cocopa.fees.permissions), validate (forms), call the service,
redirect. A service's refusal is shown as a message carrying its code (data-error-code).
"""

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocopa.core import pagination, tables
from cocopa.core.errors import DomainError, InputFileError
from cocopa.core.feedback import refused
from cocopa.core.guards import permission_required_or_403
from cocopa.fees import bases, exports, forms, ledger, permissions, queries, receipts, services
from cocopa.fees.models import (
    Allocation,
    Assessment,
    BankUpload,
    FeeBase,
    FeeSchedule,
    Payment,
    UnmatchedBankRow,
)
from cocopa.governance.roles import represented_members
from cocopa.members.models import LocalAuthority

View = Callable[..., HttpResponse]
ZERO = Decimal(0)
PAYMENTS_PER_PAGE = 100


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@permission_required_or_403("fees.manage_fees")
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    assessments = ledger.year_assessments(year)
    totals = ledger.year_totals(assessments)
    years = sorted(
        set(FeeSchedule.objects.values_list("year", flat=True))
        | set(Assessment.objects.values_list("year", flat=True).distinct())
        | {year},
        reverse=True,
    )
    return render(
        request,
        "fees/overview.html",
        {
            "year": year,
            "years": years,
            "schedule": FeeSchedule.objects.filter(year=year).select_related("source").first(),
            "assessments": assessments,
            "totals": totals,
            "figures": bases.figures_for_year(year, assessments),
        },
    )


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    """The year's fee rule: written here, never in the back office. A year without one starts
    from the latest earlier year's rule, said on the page, for the clerk to check."""
    year = _year(request)
    current = FeeSchedule.objects.filter(year=year).first()
    copied = None if current else FeeSchedule.objects.filter(year__lt=year).order_by("-year").first()
    initial = {}
    if current or copied:
        base = current or copied
        initial = {name: getattr(base, name) for name in services.SCHEDULE_FIELDS}
        if copied is not None:
            # The figures are a starting point; last year's date, act and notes are not this year's.
            initial |= {"population_on": None, "source": None, "notes": ""}
    form = forms.FeeScheduleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.set_fee_schedule(year, actor=request.user, **form.cleaned_data)
        except DomainError as err:
            status = refused(request, err)
        else:
            messages.success(
                request, _("The fee rule of %(year)s is saved.") % {"year": year}, extra_tags="schedule_set"
            )
            return redirect(f"{reverse('fees:overview')}?year={year}")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "year": year,
        "current": current,
        "copied": copied,
        "issued": Assessment.objects.filter(year=year).count(),
    }
    return render(request, "fees/schedule.html", context, status=status)


@permission_required_or_403("fees.manage_fees")
@require_POST
def assess(request: HttpRequest) -> HttpResponse:
    form = forms.AssessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year."), extra_tags="invalid_year")
        return redirect("fees:overview")
    year = form.cleaned_data["year"]
    try:
        result = services.assess_fees(year, actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        if result.changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s assessment issued for %(year)s.",
                    "%(count)s assessments issued for %(year)s.",
                    result.created,
                )
                % {"count": result.created, "year": year},
                extra_tags="assessed",
            )
        else:
            messages.info(
                request, _("Every member is already assessed for %(year)s.") % {"year": year}, "unchanged"
            )
    return redirect(f"{reverse('fees:overview')}?year={year}")


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def record_payment(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"paid_on": timezone.localdate()}
    if pk := request.GET.get("assessment", "").strip():
        fee = Assessment.objects.filter(pk=pk).first() if pk.isdigit() else None
        if fee is not None:
            initial |= {"assessment": fee, "authority": fee.authority, "reference": fee.code}
    form = forms.PaymentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.record_payment(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            status = refused(request, err)
        else:
            messages.success(request, _("Payment recorded."), extra_tags="payment_recorded")
            return redirect(f"{reverse('fees:payments')}#payment-{payment.pk}")
    elif request.method == "POST":
        status = 400
    return render(request, "fees/form.html", {"form": form, "title": _("Record a payment")}, status=status)


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def waive(request: HttpRequest, pk: int) -> HttpResponse:
    fee = get_object_or_404(Assessment.objects.select_related("authority"), pk=pk)
    form = forms.WaiverForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.waive(fee, actor=request.user, **form.cleaned_data)
        except DomainError as err:
            status = refused(request, err)
        else:
            messages.success(request, _("Waiver recorded."), extra_tags="waived")
            return redirect(f"{reverse('fees:overview')}?year={fee.year}")
    elif request.method == "POST":
        status = 400
    title = _("Waive part of %(code)s (%(member)s)") % {"code": fee.code, "member": fee.authority}
    return render(request, "fees/form.html", {"form": form, "title": title}, status=status)


@permission_required_or_403("fees.manage_fees")
@require_GET
def payments(request: HttpRequest) -> HttpResponse:
    pages = pagination.pager(
        ledger.payments().order_by("-paid_on", "-pk"),
        request.GET.get("page"),
        size=PAYMENTS_PER_PAGE,
        query=lambda n: f"?page={n}",
    )
    pages.page.object_list = ledger.to_cents(pages.page.object_list, ledger.PAYMENT_SUMS)
    return render(
        request,
        "fees/payments.html",
        {
            "pager": pages,
            "payments": pages.page,
            "archive_form": forms.ArchiveForm(),
            "issuer": receipts.configured_issuer(),
            "unmatched_count": UnmatchedBankRow.objects.filter(status=UnmatchedBankRow.Status.OPEN).count(),
        },
    )


@permission_required_or_403("fees.manage_fees")
@require_POST
def archive_payment(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk)
    form = forms.ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the payment is archived."), extra_tags="reason_required")
        return redirect("fees:payments")
    try:
        services.archive_payment(payment, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("Payment archived."), extra_tags="payment_archived")
    return redirect("fees:payments")


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """One payment: what it pays (its allocations), what is left, and forms to allocate the rest
    by hand, release an allocation, or refund what pays no fee."""
    payment = get_object_or_404(ledger.payments(), pk=pk)
    open_fees = [a for a in ledger.assessments([payment.authority_id]) if a.balance > 0]
    form = forms.AllocationForm(request.POST or None, assessments=open_fees)
    refund_form = forms.RefundForm(None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "allocate")
        try:
            if action == "release":
                row = get_object_or_404(Allocation, pk=request.POST.get("allocation", "0"), payment=payment)
                services.release_allocation(row, actor=request.user)
                messages.success(request, _("Allocation released."), extra_tags="allocation_released")
                return redirect("fees:allocate", pk=payment.pk)
            if action == "refund":
                refund_form = forms.RefundForm(request.POST)
                if refund_form.is_valid():
                    services.refund(payment, actor=request.user, **refund_form.cleaned_data)
                    messages.success(request, _("Refund recorded."), extra_tags="refunded")
                    return redirect("fees:allocate", pk=payment.pk)
                status = 400
            elif form.is_valid():
                services.allocate(
                    payment,
                    form.cleaned_data["assessment"],
                    actor=request.user,
                    amount=form.cleaned_data["amount"],
                )
                messages.success(request, _("Payment allocated."), extra_tags="payment_allocated")
                return redirect("fees:allocate", pk=payment.pk)
            else:
                status = 400
        except DomainError as err:
            status = refused(request, err)
    row = ledger.to_cents([payment], ledger.PAYMENT_SUMS)[0]
    return render(
        request,
        "fees/allocate.html",
        {
            "payment": row,
            "allocations": payment.allocations.select_related("assessment").order_by(
                "assessment__year", "pk"
            ),
            "refunds": payment.refunds.all(),
            "form": form,
            "refund_form": refund_form,
            "open_fees": open_fees,
        },
        status=status,
    )


@permission_required_or_403("fees.manage_fees")
@require_GET
def arrears(request: HttpRequest) -> HttpResponse:
    return render(request, "fees/arrears.html", {"accounts": ledger.arrears()})


# --- Exports ------------------------------------------------------------------------------------


@permission_required_or_403("fees.manage_fees")
@require_GET
def export_assessments(request: HttpRequest, fmt: str) -> HttpResponse:
    year = _year(request)
    rows = exports.assessment_rows(ledger.year_assessments(year))
    return tables.download(fmt, f"assessments-{year}", exports.header(exports.ASSESSMENT_COLUMNS), rows)


@permission_required_or_403("fees.manage_fees")
@require_GET
def export_payments(request: HttpRequest, fmt: str) -> HttpResponse:
    return tables.download(
        fmt,
        "payments",
        exports.header(exports.PAYMENT_COLUMNS),
        exports.payment_rows(
            ledger.to_cents(ledger.payments().order_by("-paid_on", "-pk"), ledger.PAYMENT_SUMS)
        ),
    )


# --- Receipts and the representative's own page ------------------------------------------------


@login_required
@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued receipt of a payment: the office's, or the paying member's representative's;
    anyone else gets 404, so the receipt of another member does not even show that it exists. A
    payment the office has not issued a receipt for has none (404)."""
    payment = get_object_or_404(
        queries.live_payments(
            permissions.fee_members_visible(request.user, timezone.localdate())
        ).select_related("receipt"),
        pk=pk,
    )
    receipt = getattr(payment, "receipt", None)
    if receipt is None:
        raise Http404(_("No receipt has been issued for this payment."))
    response = HttpResponse(receipts.receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt.year}-{receipt.number:04d}.pdf"'
    return response


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = permissions.fee_members_visible(request.user, today)
    if visible is None:
        if request.user.has_perm("fees.manage_fees"):
            return redirect("fees:overview")
        visible = [a.pk for a in represented_members(request.user, today)]
    accounts = {b.authority.pk: b for b in ledger.accounts(visible)}
    fees = ledger.assessments(visible)
    paid = ledger.to_cents(ledger.payments(visible).order_by("-paid_on", "-pk"), ledger.PAYMENT_SUMS)
    members = [
        {
            "account": accounts.get(authority.pk) or ledger.Account(authority),
            "assessments": [a for a in fees if a.authority_id == authority.pk],
            "payments": [p for p in paid if p.authority_id == authority.pk],
        }
        for authority in LocalAuthority.objects.filter(pk__in=visible).order_by("name", "pk")
    ]
    return render(
        request, "fees/mine.html", {"members": members, "represents": bool(visible), "today": today}
    )


# --- Fee bases and receipts (the office) ------------------------------------------------------


@permission_required_or_403("fees.set_fee_base")
@require_http_methods(["GET", "POST"])
def fee_bases(request: HttpRequest) -> HttpResponse:
    """Members' own fee bases, and the form to set one."""
    form = forms.FeeBaseForm(request.POST or None, initial={"valid_from": timezone.localdate().year})
    status = 200
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            services.set_fee_base(arguments.pop("authority"), actor=request.user, **arguments)
        except DomainError as err:
            status = refused(request, err)
        else:
            messages.success(request, _("Fee base set."), extra_tags="fee_base_set")
            return redirect("fees:bases")
    elif request.method == "POST":
        status = 400
    return render(request, "fees/bases.html", {"form": form, "bases": bases.all_bases()}, status=status)


@permission_required_or_403("fees.set_fee_base")
@require_POST
def remove_fee_base(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_object_or_404(FeeBase.objects.select_related("authority"), pk=pk)
    try:
        services.remove_fee_base(base, actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("Fee base removed."), extra_tags="fee_base_removed")
    return redirect("fees:bases")


@permission_required_or_403("fees.issue_receipt")
@require_POST
def issue_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk)
    try:
        receipt = services.issue_receipt(payment, actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request, _("Receipt %(number)s issued.") % {"number": receipt.label}, extra_tags="receipt_issued"
        )
    return redirect(f"{reverse('fees:payments')}#payment-{payment.pk}")


# --- The bank file: upload, preview, confirm; the queue of unmatched rows ----------------------


def _preview(request: HttpRequest, upload: BankUpload, status: int = 200) -> HttpResponse:
    """The plan of the user's staged file (services.plan_import: nothing written)."""
    context: dict[str, Any] = {"form": forms.BankFileForm(), "upload": upload}
    try:
        plan = services.plan_import(bytes(upload.content), upload.name)
    except InputFileError as err:
        context["file_error"] = err
        return render(request, "fees/import.html", context, status=400)
    context |= {
        "plan": plan,
        "matched": plan.of("matched"),
        "unmatched": plan.of("unmatched"),
        "not_incoming": plan.of("not_incoming"),
        "duplicates": plan.of("duplicate"),
        "confirm": forms.ConfirmImportForm(initial={"sha256": upload.sha256, "plan": plan.fingerprint}),
        "writes": bool(plan.of("matched") or plan.of("unmatched")),
    }
    return render(request, "fees/import.html", context, status=400 if plan.rejected else status)


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def import_bank_file(request: HttpRequest) -> HttpResponse:
    """Upload the bank's CSV: the file is kept (one per user, BankUpload) and previewed."""
    form = forms.BankFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "fees/import.html", {"form": form}, status=400)
        content = form.cleaned_data["file"].read()
        owner: Any = request.user  # signed in: the guard saw to it
        upload, _created = BankUpload.objects.update_or_create(
            user=owner,
            defaults={
                "name": form.cleaned_data["file"].name[:300],
                "content": content,
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
        return _preview(request, upload)
    return render(request, "fees/import.html", {"form": form})


@permission_required_or_403("fees.manage_fees")
@require_POST
def confirm_import(request: HttpRequest) -> HttpResponse:
    """Import the file the preview showed, as it showed it: the staged file's SHA-256 and the
    plan's fingerprint must be the preview page's, else nothing is written."""
    form = forms.ConfirmImportForm(request.POST)
    upload = BankUpload.objects.filter(user_id=getattr(request.user, "pk", 0)).first()
    if not form.is_valid() or upload is None or upload.sha256 != form.cleaned_data["sha256"]:
        messages.error(
            request,
            _("The file changed since its preview (another file was uploaded): check the new preview."),
            extra_tags="import_file_changed",
        )
        if upload is not None:
            return _preview(request, upload, status=409)
        return redirect("fees:import")
    try:
        result = services.import_bank_file(
            bytes(upload.content), upload.name, actor=request.user, expected=form.cleaned_data["plan"]
        )
    except DomainError as err:
        refused(request, err)
        return _preview(request, upload, status=409)
    upload.delete()
    messages.success(
        request,
        _(
            "Payments recorded: %(created)s. Rows to match by hand: %(queued)s. Already imported: %(duplicates)s."
        )
        % {"created": result.created, "queued": result.queued, "duplicates": result.duplicates},
        extra_tags="payments_imported",
    )
    return redirect("fees:unmatched" if result.queued else "fees:payments")


@permission_required_or_403("fees.manage_fees")
@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    """The bank rows waiting for the office, and the last ones it resolved."""
    rows = UnmatchedBankRow.objects.select_related("payment__authority", "resolved_by")
    return render(
        request,
        "fees/unmatched.html",
        {
            "open_rows": rows.filter(status=UnmatchedBankRow.Status.OPEN).order_by("paid_on", "pk"),
            "resolved": rows.exclude(status=UnmatchedBankRow.Status.OPEN).order_by("-resolved_at", "-pk")[
                :50
            ],
        },
    )


@permission_required_or_403("fees.manage_fees")
@require_http_methods(["GET", "POST"])
def match_bank_row(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(UnmatchedBankRow, pk=pk)
    open_fees = [a for a in ledger.assessments() if a.balance > 0]
    form = forms.MatchBankRowForm(request.POST or None, open_fees=open_fees)
    dismiss_form = forms.DismissBankRowForm(None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "dismiss":
                dismiss_form = forms.DismissBankRowForm(request.POST)
                if dismiss_form.is_valid():
                    services.dismiss_bank_row(
                        row, actor=request.user, reason=dismiss_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Bank row dismissed."), extra_tags="bank_row_dismissed")
                    return redirect("fees:unmatched")
                status = 400
            elif form.is_valid():
                payment = services.match_bank_row(
                    row,
                    actor=request.user,
                    authority=form.cleaned_data["authority"],
                    assessment=form.cleaned_data["assessment"],
                )
                messages.success(
                    request, _("Payment recorded from the bank row."), extra_tags="bank_row_matched"
                )
                return redirect(f"{reverse('fees:payments')}#payment-{payment.pk}")
            else:
                status = 400
        except DomainError as err:
            status = refused(request, err)
    return render(
        request,
        "fees/match.html",
        {"row": row, "form": form, "dismiss_form": dismiss_form},
        status=status,
    )
