"""Dates the articles give only in part: a year ("late 2016"), a month ("July 2021") or a day."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.dateformat import format as format_date
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


def truncate_to_precision(value, precision):
    """The first day of the period that is known: 2021-07-19 known to the month is 2021-07-01."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


@dataclass(frozen=True)
class PartialDate:
    date: datetime.date
    precision: str

    def format(self, language=None):
        language = (language or get_language() or "vi")[:2]
        if self.precision == DatePrecision.YEAR:
            return str(self.date.year)
        if language == "vi":
            if self.precision == DatePrecision.MONTH:
                return f"tháng {self.date.month}/{self.date.year}"
            return f"{self.date.day}/{self.date.month}/{self.date.year}"
        with override("en"):
            if self.precision == DatePrecision.MONTH:
                return format_date(self.date, "F Y")
            return format_date(self.date, "j F Y")

    def iso(self):
        """The known part in ISO 8601 form (2021, 2021-07, 2021-07-19), for <time datetime>."""
        return {
            DatePrecision.YEAR: self.date.strftime("%Y"),
            DatePrecision.MONTH: self.date.strftime("%Y-%m"),
        }.get(self.precision, self.date.isoformat())

    def __str__(self):
        return self.format()


class PartialDateAttribute:
    """Reads a date column and its precision column as one PartialDate (None when unset)."""

    def __init__(self, date_field, precision_field, verbose_name):
        self.date_field = date_field
        self.precision_field = precision_field
        # Read by the admin's list columns.
        self.short_description = verbose_name
        self.admin_order_field = date_field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        return PartialDate(value, getattr(instance, self.precision_field) or DatePrecision.DAY)


def partial_dates(model):
    """The PartialDateAttributes of a model: its pairs of date and precision columns."""
    return [
        attribute
        for klass in model.__mro__
        for attribute in vars(klass).values()
        if isinstance(attribute, PartialDateAttribute)
    ]
