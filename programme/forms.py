"""Admin form fields that read what staff type as they write it."""

import calendar
import datetime
import re
import unicodedata

from django import forms
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .dates import DatePrecision, PartialDate, partial_dates

MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
YEAR = re.compile(r"(\d{4})")
# 6/2027, 06-2027, tháng 6/2027, tháng 6 năm 2027, tháng 6, 2027
MONTH_NUMBER = re.compile(r"(?:tháng\s*)?(\d{1,2})\s*(?:[/.-]|năm|,)?\s*(\d{4})")
# 2027-06
MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})")
# June 2027, Jun 2027, June, 2027
MONTH_NAMED = re.compile(r"([a-z]+)\.?,?\s*(\d{4})")


def parse_partial_date(text):
    """A PartialDate from what staff typed: a year ("2025"), a month ("6/2027", "tháng 6/2027",
    "June 2027", "2027-06") or a day in one of the active language's DATE_INPUT_FORMATS
    ("25/2/2022" in Vietnamese, "2022-02-25" in English). None when it is none of these."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().split())
    if match := YEAR.fullmatch(text):
        return PartialDate(datetime.date(int(match[1]), 1, 1), DatePrecision.YEAR)
    month = None
    if match := MONTH_NUMBER.fullmatch(text):
        month, year = int(match[1]), int(match[2])
    elif match := MONTH_ISO.fullmatch(text):
        year, month = int(match[1]), int(match[2])
    elif (match := MONTH_NAMED.fullmatch(text)) and match[1] in MONTH_NAMES:
        month, year = MONTH_NAMES[match[1]], int(match[2])
    if month is not None:
        if not 1 <= month <= 12:
            return None
        return PartialDate(datetime.date(year, month, 1), DatePrecision.MONTH)
    for date_format in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            day = datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        return PartialDate(day, DatePrecision.DAY)
    return None


def format_partial_date(value):
    """A stored PartialDate as the form shows it back, in a form parse_partial_date() reads."""
    if value.precision == DatePrecision.DAY:
        return value.date.strftime(formats.get_format("DATE_INPUT_FORMATS")[0])
    if value.precision == DatePrecision.MONTH and (get_language() or "vi")[:2] != "vi":
        return f"{calendar.month_name[value.date.month]} {value.date.year}"
    return value.format()


class PartialDateInput(forms.TextInput):
    def format_value(self, value):
        if isinstance(value, PartialDate):
            return format_partial_date(value)
        if isinstance(value, datetime.date):
            return format_partial_date(PartialDate(value, DatePrecision.DAY))
        return super().format_value(value)


class PartialDateField(forms.Field):
    """One box for a date known to the year, the month or the day; cleans to a PartialDate."""

    widget = PartialDateInput
    default_error_messages = {
        "invalid": _("Enter a year (2025), a month (June 2027) or a day (2022-02-25)."),
    }

    def to_python(self, value):
        if isinstance(value, PartialDate) or value in self.empty_values:
            return value or None
        parsed = parse_partial_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return initial != data


class PartialDatesForm(forms.ModelForm):
    """A model form whose partial dates are each one PartialDateField, in place of a date and
    a precision: the precision is what staff typed ("2025" is a year)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partial_dates = [
            attribute
            for attribute in partial_dates(self._meta.model)
            if isinstance(self.fields.get(attribute.date_field), PartialDateField)
        ]
        for attribute in self.partial_dates:
            if (value := attribute.__get__(self.instance)) is not None:
                self.initial[attribute.date_field] = value

    def clean(self):
        cleaned_data = super().clean()
        for attribute in self.partial_dates:
            if attribute.date_field not in cleaned_data:
                continue
            value = cleaned_data[attribute.date_field]
            cleaned_data[attribute.date_field] = value.date if value else None
            setattr(self.instance, attribute.precision_field, value.precision if value else "")
        return cleaned_data
