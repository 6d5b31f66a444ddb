"""Template filters of the admin's own templates."""

import json
import re

from django import template
from django.contrib.admin.models import LogEntry
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()

LANGUAGE_SUFFIX = re.compile(r"(?P<name>.+) \[(?P<language>[a-z-]+)\]")


def field_label(label):
    """A field's label as the admin stored it in a change message (in English: "Title [vi]",
    "Start"), in the active language: Django looks it up as it is, and misses the model's
    lower-case verbose names and modeltranslation's "[vi]" labels."""
    if match := LANGUAGE_SUFFIX.fullmatch(label):
        return f"{field_label(match['name'])} [{match['language']}]"
    for message in (label, label.lower()):
        if (translated := gettext(message)) != message:
            return capfirst(translated)
    return label


@register.filter
def change_message(entry):
    """LogEntry.get_change_message() with the changed fields' labels translated."""
    try:
        messages = json.loads(entry.change_message or "")
    except json.JSONDecodeError:
        return entry.get_change_message()
    if not isinstance(messages, list):
        return entry.get_change_message()
    for message in messages:
        changed = message.get("changed") if isinstance(message, dict) else None
        if changed and isinstance(changed.get("fields"), list):
            changed["fields"] = [field_label(label) for label in changed["fields"]]
    return LogEntry(change_message=json.dumps(messages)).get_change_message()


@register.filter
def revision_comment(revision):
    """A version's comment as change_message shows it: an admin save stores its change message."""
    return change_message(LogEntry(change_message=revision.comment))
