"""The data steps of migration 0022 (publishing as one domain operation), kept apart from it
for their length. Django's loader skips this module (its name starts with an underscore).

- convert_seed_hashes: a seeded record's one hash becomes a digest per seeded value; a record
  whose hash says nobody edited it gets today's digests, an edited one a mark that keeps it.
- convert_pending_changes: a pending change held the submitted form, in its author's language,
  which was not recorded. Each becomes the record as it was and as the change makes it
  (programme/states.py). A value that reads differently in Vietnamese and English ("22.000",
  a date) or not at all is not guessed: the change keeps the record's value for it and says so
  on the dashboard, with what was typed, so that nothing is lost silently.
- review_of_themes_and_localities: themes and localities are live at once, so publishers make
  their changes live (publish_theme, publish_locality) and only they add them.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.management import create_permissions
from django.db import models
from django.utils import formats, translation

from programme.forms import parse_partial_date
from programme.migrations._legacy_seed_hash import record_state
from programme.roles import EDITORS, PUBLISHERS
from programme.states import stored_value

SEARCH_COLUMNS = {"search_title_vi", "search_text_vi", "search_title_en", "search_text_en"}
CHILDREN = {"project": ("key_figures", "milestones")}
PRECISIONS = {
    "start_date": "start_precision",
    "end_date": "end_precision",
    "status_as_of_date": "status_as_of_precision",
    "published_date": "published_precision",
    "since_date": "since_precision",
    "announced_date": "announced_precision",
    "date": "date_precision",
}


def convert_seed_hashes(apps, schema_editor):
    from programme.seeding import KINDS, seeded_values

    for kind in KINDS:
        model = apps.get_model("programme", kind.model.__name__)
        for record in model.objects.exclude(seed_key=None):
            # As 0018 left it: the new column of its own is no part of what was hashed.
            untouched = record_state(record, without={"seed_state"}) == record.seed_state_hash
            record.seed_state = seeded_values(kind, record) if untouched else {"edited": True}
            model.objects.filter(pk=record.pk).update(seed_state=record.seed_state)


def content_fields(model):
    names = {f.name for f in model._meta.concrete_fields}
    return [
        f
        for f in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if f.editable
        and not f.primary_key
        and f.name not in SEARCH_COLUMNS
        and not (f"{f.name}_vi" in names and f"{f.name}_en" in names)
    ]


def state_of(record, children=()):
    fields, links = {}, {}
    for field in content_fields(type(record)):
        if field.many_to_many:
            links[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
        else:
            fields[field.name] = stored_value(field, record)
    kids = {
        accessor: {str(child.pk): state_of(child) for child in getattr(record, accessor).all()}
        for accessor in children
    }
    return {"fields": fields, "links": links, "children": kids}


def read_in_either_language(parse, text):
    """`parse`(text) as Vietnamese and as English staff write it: the value when both agree or
    only one reads it, else None."""
    results = set()
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                value = parse(text)
            except (ValueError, InvalidOperation, ArithmeticError):
                value = None
        if value is not None:
            results.add(value)
    return results.pop() if len(results) == 1 else None


def read_value(field, text, fields):
    """The value of `field` typed as `text`, put into `fields`; False when it cannot be read."""
    text = text.replace("\r\n", "\n")
    if field.name in PRECISIONS:
        if not text.strip():
            fields[field.name], fields[PRECISIONS[field.name]] = None, ""
            return True
        partial = read_in_either_language(parse_partial_date, text)
        if partial is None:
            return False
        fields[field.name] = partial.date.isoformat()
        fields[PRECISIONS[field.name]] = partial.precision
        return True
    if isinstance(field, models.DecimalField):
        if not text.strip():
            fields[field.name] = None
            return True
        number = read_in_either_language(
            lambda typed: Decimal(formats.sanitize_separators(typed)), text
        )
        if number is None:
            return False
        fields[field.name] = str(number.quantize(Decimal(1).scaleb(-field.decimal_places)))
        return True
    if isinstance(field, models.BooleanField):
        fields[field.name] = text.lower() in ("on", "true", "1")
        return True
    if field.is_relation:
        fields[field.name] = int(text) if text.isdigit() else None
        return text.isdigit() or not text
    if isinstance(field, models.DateTimeField | models.FileField):
        return False
    if isinstance(field, models.IntegerField):
        if not text.isdigit():
            return False
        fields[field.name] = int(text)
        return True
    fields[field.name] = text
    return True


def read_form(model, data, base, prefix=""):
    """(the state the submitted form `data` makes of `base`, [(field, text) not read])"""
    state = {"fields": dict(base["fields"]), "links": dict(base["links"]), "children": {}}
    unread = []
    submitted = any(name.startswith(prefix) for name in data)
    for field in content_fields(model):
        name = f"{prefix}{field.name}"
        if field.many_to_many:
            if name in data:
                state["links"][field.name] = sorted(int(v) for v in data[name] if v.isdigit())
        elif isinstance(field, models.BooleanField) and submitted and name not in data:
            state["fields"][field.name] = False
        elif name in data and field.name not in PRECISIONS.values():
            text = (data[name] or [""])[-1]
            if not read_value(field, text, state["fields"]):
                unread.append((name, text))
    return state, unread


def read_children(apps, model_name, data, base):
    children, unread = {}, []
    for accessor in CHILDREN.get(model_name, ()):
        total = (data.get(f"{accessor}-TOTAL_FORMS") or [""])[-1]
        if not total.isdigit():
            children[accessor] = base["children"].get(accessor, {})
            continue
        child_model = apps.get_model("programme", "keyfigure" if accessor == "key_figures" else "milestone")
        kids = {}
        for position in range(int(total)):
            prefix = f"{accessor}-{position}-"
            if (data.get(f"{prefix}DELETE") or [""])[-1] in ("on", "true"):
                continue
            key = (data.get(f"{prefix}id") or [""])[-1]
            if key not in base["children"].get(accessor, {}) and not any(
                (data.get(f"{prefix}{f.name}") or [""])[-1] for f in content_fields(child_model)
            ):
                continue
            start = base["children"].get(accessor, {}).get(key) or {"fields": {}, "links": {}}
            child, missed = read_form(child_model, data, start, prefix)
            child.pop("children")
            kids[key if key else f"new-{position}"] = child
            unread += missed
        children[accessor] = kids
    return children, unread


def convert_pending_changes(apps, schema_editor):
    PendingChange = apps.get_model("programme", "PendingChange")
    for change in PendingChange.objects.select_related("content_type"):
        model_name = change.content_type.model
        model = apps.get_model("programme", model_name)
        record = model.objects.filter(pk=change.object_id).first()
        if record is None:
            change.delete()  # Its record is gone: the change could not be applied to anything.
            continue
        base = state_of(record, CHILDREN.get(model_name, ()))
        proposed, unread = read_form(model, change.data, base)
        proposed["children"], unread_children = read_children(apps, model_name, change.data, base)
        unread += unread_children
        change.base, change.proposed, change.action = base, proposed, "change"
        if unread:
            typed = "; ".join(f"{name} = “{text}”" for name, text in unread)
            change.problem = {
                "vi": "Thay đổi này được lưu trước khi cổng thông tin đổi cách giữ thay đổi chờ "
                f"duyệt; các giá trị sau không đọc được và chưa có trong thay đổi: {typed}. "
                "Hãy mở bản ghi và nhập lại.",
                "en": "This change was saved before the portal changed how it keeps changes for "
                f"review; these values could not be read and are not in it: {typed}. Open the "
                "record and enter them again.",
            }
        change.save()


def review_of_themes_and_localities(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(codename):
        return Permission.objects.get(content_type__app_label="programme", codename=codename)

    for group in Group.objects.filter(name=PUBLISHERS):
        group.permissions.add(permission("publish_theme"), permission("publish_locality"))
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(permission("add_theme"), permission("add_locality"))
