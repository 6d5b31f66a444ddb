from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Smart City Programme")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from . import old_slugs, publishing, search, search_index, staff, versions
        from .content import KINDS
        from .models import Searchable, fill_search_columns_after_raw_save

        # Versions, once modeltranslation (an app before this one) has added its columns.
        versions.register_models()

        # A deleted record's pending change goes with it.
        for model in KINDS:
            post_delete.connect(
                publishing.forget_pending_change, sender=model, dispatch_uid="pending-changes"
            )

        connection_created.connect(search.add_fold_function, dispatch_uid="fold-function")
        m2m_changed.connect(
            staff.groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="staff-status-from-groups",
        )
        for model in old_slugs.MODELS:
            pre_save.connect(
                old_slugs.read_slug_before_save, sender=model, dispatch_uid="old-slugs"
            )
            post_save.connect(old_slugs.keep_old_slug, sender=model, dispatch_uid="old-slugs")

        # A record's own search columns, then the search index: both are written before the
        # pages' cache is purged.
        for model in self.get_models():
            if issubclass(model, Searchable):
                post_save.connect(
                    fill_search_columns_after_raw_save, sender=model, dispatch_uid="search-columns"
                )
        for model in search_index.INDEXED_MODELS:
            post_save.connect(search_index.record_saved, sender=model, dispatch_uid="search-index")
            post_delete.connect(
                search_index.record_deleted, sender=model, dispatch_uid="search-index"
            )
        # Every save, delete and change of links of content the public may see purges the public
        # pages' cache, whatever writes it; a draft's do not. Old slugs show on no page (their
        # redirects are never cached): the record's save purges. Pending changes and notices are
        # staff's alone.
        kept_apart = {
            self.get_model(name) for name in ("SearchEntry", "OldSlug", "PendingChange", "Notice")
        }
        for model in self.get_models(include_auto_created=True):
            if model not in kept_apart:
                for signal in (post_save, post_delete, m2m_changed):
                    signal.connect(
                        publishing.public_content_written, sender=model, dispatch_uid="purge-pages"
                    )
