"""The forms of the content admin: dates and numbers read as staff write them, markers checked
against the sources chosen, and a save refused when the form is older than what it shows
(someone else saved the record, or its pending change, after it opened). `form_state()` reads a
saved form as the values publishing works with (programme/states.py), never the form itself."""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .. import changes, publishing, states
from ..forms import PartialDatesForm
from ..models import PendingChange, Source
from ..richtext import markers
from ..slugs import make_slug

SALT = "programme.edit-conflicts"
GO_LIVE_FIELD = "changes_go_live_at"
REFUSED_OUTDATED = _(
    "Someone else saved this record after you opened this form, so your changes have not been "
    "saved. What they changed is shown below; your input is still in the form."
)
REFUSED_UNREADABLE = _(
    "This form could not be compared with the record, so your changes have not been saved. "
    "Your input is still in the form: open the record again to see it as it is now."
)
CITES_UNCHOSEN_SOURCE = _(
    "The marker %(marker)s names no source chosen under Sources. Choose that source there, or "
    "write the key or slug of one that is chosen."
)
SOURCE_CITES_ITSELF = _(
    "The marker %(marker)s does not name this source: a source's note cites the source itself, "
    "by its key or slug."
)


class UnixLinesField(forms.CharField):
    """Long text with the line endings stored texts have (\\n), whatever the browser sends
    (\\r\\n): a text staff did not touch is no change."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


FORMFIELD_OVERRIDES = {
    # An address typed without its scheme is taken as https:// (Django 6's default).
    models.URLField: {"assume_scheme": "https"},
    models.TextField: {"form_class": UnixLinesField},
}


class EditToken(forms.CharField):
    """The hidden field holding what the form showed when it opened; never a change."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


@dataclass
class Conflict:
    differences: list
    who: object  # the user who changed it last, or None for a command
    when: datetime.datetime | None


class CitingForm(forms.ModelForm):
    """Refuses a marker [^KEY] in a long text that names none of the sources the record may
    cite: those chosen under Sources, or, in a source's note, the source itself."""

    def clean(self):
        cleaned = super().clean()
        if isinstance(self.instance, Source):
            slug = cleaned.get("slug") or self.instance.slug
            slug = slug or make_slug(cleaned.get("headline_vi") or "")
            citable, message = {self.instance.seed_key, slug}, SOURCE_CITES_ITSELF
        elif "sources" in cleaned:
            sources = cleaned["sources"]
            citable = {s.seed_key for s in sources} | {s.slug for s in sources}
            message = CITES_UNCHOSEN_SOURCE
        else:
            return cleaned
        for field in self._meta.model.cited_texts:
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                wrong = [key for key in markers(cleaned.get(name) or "") if key not in citable]
                if wrong and name in self.fields:
                    self.add_error(name, message % {"marker": f"[^{wrong[0]}]"})
        return cleaned


class ContentForm(CitingForm, PartialDatesForm):
    """The change form of every kind of content. ContentAdmin.get_form sets `user`, the staff
    member it is for: the hidden `edit_token` holds, signed, what the form showed them
    (publishing.editing()), and a save is refused when that is no longer what it shows them now
    (`edit_conflict` then says what changed, by whom)."""

    edit_token = EditToken(required=False)
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None
        if self.instance.pk is not None and not self.is_bound:
            opened = publishing.editing(self.stored_record(), self.user)[0]
            self.fields["edit_token"].initial = sign(opened)

    def stored_record(self):
        return type(self.instance)._base_manager.get(pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.check_not_outdated(cleaned.get("edit_token"))
        return cleaned

    def check_not_outdated(self, token):
        record = self.stored_record()
        now, change = publishing.editing(record, self.user)
        try:
            opened = signing.loads(token or "", salt=SALT)
        except signing.BadSignature:
            self.refuse(now, REFUSED_UNREADABLE)
            return
        opened_state = states.State.from_json(opened["state"])
        if opened_state == now:
            return
        since = datetime.datetime.fromisoformat(opened["opened_at"])
        rows = changes.differences(type(record), opened_state, now)
        self.edit_conflict = Conflict(rows, *last_change(record, change, since))
        self.refuse(now, REFUSED_OUTDATED)

    def refuse(self, now, message):
        """Refuse the save; the form shown again holds the staff member's input and, in its
        token, what it shows now, so that saving it again is deliberate."""
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = sign(now)
        raise forms.ValidationError(message, code="outdated")


def sign(state):
    return signing.dumps(
        {"opened_at": timezone.now().isoformat(), "state": state.as_json()},
        salt=SALT,
        compress=True,
    )


def last_change(record, change, since):
    """(who, when) of the latest save after `since` of `record` or of its pending change."""
    version = (
        Version.objects.get_for_object(record)
        .filter(revision__date_created__gt=since)
        .select_related("revision__user")
        .order_by("-revision__date_created")
        .first()
    )
    found = []
    if version is not None:
        found.append((version.revision.date_created, version.revision.user))
    if change is not None and change.updated_at > since:
        found.append((change.updated_at, change.author))
    if not found:
        return None, None
    when, who = max(found, key=lambda item: item[0])
    return who, when


class GoLiveForm(forms.ModelForm):
    """A publisher's form of a live record: a time for the changes to go live (empty: now)."""

    changes_go_live_at = forms.SplitDateTimeField(
        label=_("Make these changes live at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_(
            "Leave empty to make your changes live at once. With a time, the public keeps "
            "seeing the published version until then."
        ),
    )

    def clean_changes_go_live_at(self):
        moment = self.cleaned_data.get(GO_LIVE_FIELD)
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment

    def clean(self):
        cleaned = super().clean()
        publish_at = cleaned.get("publish_at")
        if publish_at and publish_at > timezone.now() and self.instance.is_public:
            # A live record: a publication time ahead would take it off until then.
            self.add_error(
                "publish_at",
                _(
                    "This record is on the site: a publication time ahead would take it off "
                    "until then. To schedule your changes, fill in “Make these changes live "
                    "at”; to take the record down at a time, fill in “unpublish at”."
                ),
            )
        if publish_at and cleaned.get(GO_LIVE_FIELD) and publish_at != self.instance.publish_at:
            self.add_error(GO_LIVE_FIELD, _("Schedule the changes or the publication, not both."))
        waiting = PendingChange.objects.of(self.instance).filter(action="change").first()
        if cleaned.get(GO_LIVE_FIELD) and waiting and waiting.author != self.user:
            self.add_error(
                GO_LIVE_FIELD,
                _(
                    "Changes by %(author)s wait for review: approve them or send them back "
                    "before you schedule your own."
                )
                % {"author": waiting.author or "—"},
            )
        return cleaned


def form_state(form, formsets):
    """What a saved change form makes of its record, as a State: the form's record with its
    cleaned values, the links chosen, and the children of its inline forms (a new one as
    "new-N"; one deleted or left out is not there). Files are not in it (see form_files())."""
    state = record_state(form)
    for formset in formsets:
        kids = {}
        for position, child_form in enumerate(formset.forms):
            if child_form in formset.deleted_forms:
                continue
            if child_form.instance.pk is None and not child_form.has_changed():
                continue
            key = str(child_form.instance.pk) if child_form.instance.pk else f"new-{position}"
            kids[key] = record_state(child_form)
        state.children[formset.prefix] = kids
    return state


def record_state(form):
    state = states.of(form.instance, children=False)
    for name, value in form.cleaned_data.items():
        model_field = next((f for f in form._meta.model._meta.many_to_many if f.name == name), None)
        if model_field is not None:
            state.links[name] = sorted(other.pk for other in value)
    stored = type(form.instance)._base_manager.filter(pk=form.instance.pk).first()
    for model_field in form._meta.model._meta.fields:
        if isinstance(model_field, models.FileField):
            # The file as stored: a new one is among form_files(), not yet anywhere.
            state.fields[model_field.name] = (
                states.stored_value(model_field, stored) if stored else ""
            )
    return state


def form_files(form):
    """{field: the file chosen, or "" when staff ticked "clear"} of the file fields changed."""
    files = {}
    for name in form.changed_data:
        model_field = next((f for f in form._meta.model._meta.fields if f.name == name), None)
        if isinstance(model_field, models.FileField):
            files[name] = form.cleaned_data.get(name) or ""
    return files
