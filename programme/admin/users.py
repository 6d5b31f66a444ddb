"""Staff accounts and groups, with search that ignores diacritics and permissions named in the
staff member's language."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import two_factor

from .lists import CheckedChoices, CheckedSelection, FoldedSearch, staff_page

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
class StaffUserAdmin(
    CheckedSelection, CheckedChoices, FoldedSearch, TranslatedPermissions, UserAdmin
):
    actions = ["make_second_factor_links"]

    @admin.action(
        description=_("Reset the second factor and make a one-time set-up link"),
        permissions=["change"],
    )
    def make_second_factor_links(self, request, queryset):
        """A new staff member, or one who lost their phone, sets up their authenticator app
        through a link that the administrator hands over to them alone: whoever first signs in
        with the password cannot."""
        links = [
            (user, request.build_absolute_uri(two_factor.enrolment_path(user)))
            for user in queryset.order_by("username")
        ]
        response = staff_page(
            self,
            request,
            "admin/auth/user/second_factor_links.html",
            gettext("One-time set-up links"),
            links=links,
            days=two_factor.ENROLMENT_DAYS,
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


@admin.register(Group)
class StaffGroupAdmin(
    CheckedSelection, CheckedChoices, FoldedSearch, TranslatedPermissions, GroupAdmin
):
    pass
