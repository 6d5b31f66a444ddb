from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Smart City Programme")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from portal.cache import content_changed

        # Every save, delete and change of links purges the public pages' cache.
        for model in self.get_models(include_auto_created=True):
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(content_changed, sender=model, dispatch_uid="purge-pages")
