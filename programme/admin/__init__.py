"""The admin of the programme's content, one module a concern: content (every kind's admin, its
forms in forms.py, its lists' search and filters in lists.py, history and restore in
history.py), review (pending changes) and users (staff accounts). Each saves through
programme/publishing.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import content, review, users  # noqa: F401 (each registers its admins)

admin.site.site_header = _("Binh Duong Smart City portal")
admin.site.site_title = _("Smart City portal administration")
admin.site.index_title = _("Programme content")
