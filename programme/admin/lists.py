"""What every list of the admin offers: search that ignores diacritics and case, and filters."""

import datetime
import operator
import re
from functools import reduce

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from ..search import Folded, fold


class LacksEnglishFilter(admin.SimpleListFilter):
    title = _("English text")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("missing somewhere")), ("complete", _("complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(queryset.model.lacking_english())
        if self.value() == "complete":
            return queryset.exclude(queryset.model.lacking_english())
        return queryset


def year_filter(date_field):
    """A list filter by the year of `date_field`, offering only the years that occur."""

    class YearFilter(admin.SimpleListFilter):
        title = _("year")
        parameter_name = f"{date_field}_year"

        def lookups(self, request, model_admin):
            years = model_admin.get_queryset(request).dates(date_field, "year", order="DESC")
            return [(str(day.year), str(day.year)) for day in years]

        def queryset(self, request, queryset):
            year = self.value() or ""
            # ASCII digits only ("²" is a digit to str.isdigit()), and a year a date can have.
            if re.fullmatch(r"[0-9]{1,4}", year) and int(year) >= datetime.MINYEAR:
                return queryset.filter(**{f"{date_field}__year": int(year)})
            return queryset

    return YearFilter


class FoldedSearch:
    """Admin search that ignores diacritics and case, as staff type: "lang thong minh" and
    "LANG" find "Làng thông minh". Each word must occur in one of search_fields (which name
    both languages' columns of a translated field); the fields' prefixes (^, =, @) are read as
    plain "contains"."""

    def get_search_results(self, request, queryset, search_term):
        paths = [name.lstrip("^=@") for name in self.get_search_fields(request)]
        words = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            if fold(bit).strip():
                words.append(fold(bit).strip())
        if not paths or not words:
            return queryset, False
        folded = {f"folded_{index}": Folded(path) for index, path in enumerate(paths)}
        queryset = queryset.alias(**folded)
        for word in words:
            matches = (Q(**{f"{name}__contains": word}) for name in folded)
            queryset = queryset.filter(reduce(operator.or_, matches))
        return queryset, any(lookup_spawns_duplicates(self.opts, path) for path in paths)
