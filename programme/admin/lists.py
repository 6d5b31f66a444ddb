"""What every list of the admin offers: search that ignores diacritics and case, and filters;
and what it and every form refuse before a query: ids and keys that no record can have."""

import datetime
import operator
import re
from functools import reduce

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
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


def is_key(field, value):
    """Whether `value`, as a form or query gave it, can be a value of `field` (a primary or
    foreign key): "abc", "1.5x" and numbers beyond the column's integer type cannot, and a query
    with them would fail deep in Django or in the database."""
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(key, int):
        column = getattr(field, "target_field", field).get_internal_type()
        low, high = connection.ops.integer_field_range(column)
        return (low is None or key >= low) and (high is None or key <= high)
    return key is not None


class CheckedSelection:
    """A list action on ids that no record can have answers 400 in the staff member's language,
    where Django's admin would fail with a server error when the action reads its records."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if not all(is_key(self.opts.pk, value) for value in selected):
            return HttpResponseBadRequest(
                gettext("The selected records are not numbers this list can have."),
                content_type="text/plain; charset=utf-8",
            )
        return super().response_action(request, queryset)


def key_field(field):
    """The field of the related model whose values a choice of records (`field`, a form's
    ModelChoiceField) takes."""
    model = field.queryset.model
    return model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk


class CheckedModelChoiceField(forms.ModelChoiceField):
    """A choice of one record that refuses a value no record can have ("1.5x", a number beyond
    64 bits) as any unknown choice, before asking the database, which would fail."""

    def to_python(self, value):
        if value not in self.empty_values and not is_key(key_field(self), value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_key(key_field(self), pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def known_keys(widget, value):
    """The values of `value` that can be keys of the records `widget` offers."""
    return [item for item in value if is_key(widget.choices.field.queryset.model._meta.pk, item)]


class CheckedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, redrawn after an error without asking the database for the
    records of values no record can have."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, known_keys(self, value), attr)


class CheckedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, known_keys(self, value), attr)


class CheckedChoices:
    """Every choice of records in a ModelAdmin's or inline's forms is checked as above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def staff_page(model_admin, request, template, title, **context):
    """A page of `model_admin`'s own with what every admin page has (the site's context, the
    model's options, a title), set up as the admin's own views set theirs up."""
    request.current_app = model_admin.admin_site.name
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        **context,
    }
    return TemplateResponse(request, template, context)
