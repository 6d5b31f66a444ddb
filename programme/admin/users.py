"""Staff accounts and groups, with search that ignores diacritics and permissions named in the
staff member's language."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .lists import FoldedSearch

admin.site.unregister(User)
admin.site.unregister(Group)


# Django stores permissions' names in English ("Can add project") and shows them as stored.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission):
    """A permission as Django shows it ("app | model | name"), in the active language."""
    action, _separator, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in DEFAULT_PERMISSION_NAMES and model and model._meta.model_name == model_name:
        name = DEFAULT_PERMISSION_NAMES[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class TranslatedPermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class StaffUserAdmin(FoldedSearch, TranslatedPermissions, UserAdmin):
    pass


@admin.register(Group)
class StaffGroupAdmin(FoldedSearch, TranslatedPermissions, GroupAdmin):
    pass
