from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "cocopa.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from cocopa.members import permissions

        permissions.register()

        # `cocopa reminders` lives in governance; it asks the checks registered in its CHECKS.
        # Imported here, at start-up, so that members' modules import nothing from governance.
        from cocopa.governance import reminders
        from cocopa.members import warnings

        def adapt(found: list[warnings.Warning]) -> list[reminders.Reminder]:
            return [reminders.Reminder(w.kind, w.subject, w.detail, w.due) for w in found]

        reminders.CHECKS["convention_expiring"] = lambda today, days: adapt(
            warnings.conventions_expiring(today, days)
        )
        reminders.CHECKS["renewal_act_missing"] = lambda today, days: adapt(
            warnings.members_without_renewal(today)
        )
        reminders.CHECKS["withdrawal_notice_short"] = lambda today, days: adapt(
            warnings.withdrawals_inside_notice(today)
        )
