import datetime as dt

from django.utils import translation

from cocopa.core.widgets import DateInput, DateTimeInput


def test_date_inputs_render_iso_dates_in_every_language():
    when = dt.datetime(2026, 5, 2, 9, 30, tzinfo=dt.UTC)
    for language in ("it", "en"):
        with translation.override(language):
            assert 'value="2026-05-02"' in DateInput().render("d", when.date())
            assert 'type="date"' in DateInput().render("d", None)
            html = DateTimeInput().render("t", when.replace(tzinfo=None))  # noqa: DTZ007 (a form's naive value)
            assert 'type="datetime-local"' in html
            assert 'value="2026-05-02T09:30"' in html
