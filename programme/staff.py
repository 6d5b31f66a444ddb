"""Staff status follows the staff groups: a user put into the editors' or publishers' group may
sign in to the admin, and one taken out of every staff group no longer may (unless superuser).
Changes of other groups leave staff status as it is."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import STAFF_GROUPS


def update_staff_status(user_ids):
    """Set is_staff on each of `user_ids` from their groups; superusers stay staff."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    in_a_staff_group = users.filter(groups__name__in=STAFF_GROUPS).values("pk")
    users.filter(pk__in=in_a_staff_group).update(is_staff=True)
    users.exclude(pk__in=in_a_staff_group).filter(is_superuser=False).update(is_staff=False)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of User.groups, from either side: user.groups.add(group) or
    group.user_set.add(user)."""
    if action == "pre_clear":
        # After a clear, neither side knows what was linked.
        if reverse:
            touches_staff = instance.name in STAFF_GROUPS
            instance._users_before_clear = list(instance.user_set.values_list("pk", flat=True))
        else:
            touches_staff = instance.groups.filter(name__in=STAFF_GROUPS).exists()
        instance._clear_touches_staff = touches_staff
        return
    if action == "post_clear":
        if not instance.__dict__.pop("_clear_touches_staff", False):
            return
        user_ids = instance.__dict__.pop("_users_before_clear", [instance.pk])
    elif action in ("post_add", "post_remove"):
        if reverse:
            if instance.name not in STAFF_GROUPS:
                return
            user_ids = pk_set
        else:
            if not Group.objects.filter(pk__in=pk_set, name__in=STAFF_GROUPS).exists():
                return
            user_ids = [instance.pk]
    else:
        return
    update_staff_status(user_ids)
    if not reverse:
        # The caller's copy of the user, which it may save again.
        instance.is_staff = (
            get_user_model().objects.filter(pk=instance.pk).values_list("is_staff", flat=True)[0]
        )
