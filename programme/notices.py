"""Words to staff about their work (a change approved, sent back, or that could not go live at
its time), kept in every language: the admin's first page shows each in its reader's language,
and it is e-mailed too when the site has a mail server (settings.SEND_STAFF_EMAIL)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .models import Notice


def in_every_language(render):
    """{language: what `render()` says with that language active}."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(render())
    return texts


def notify(user, text, *, language, change=None):
    """Leave `text` ({language: text}) for `user`, linked to the pending `change` if any, and
    e-mail it in `language` when the site sends e-mail. The notice is saved first: a mail server
    that fails loses nothing."""
    if user is None:
        return
    link = reverse("admin:programme_pendingchange_change", args=[change.pk]) if change else ""
    Notice.objects.create(user=user, text=text, link=link)
    if settings.SEND_STAFF_EMAIL and user.email:
        subject = gettext("Binh Duong Smart City portal")
        body = text.get(language) or text[settings.LANGUAGE_CODE]
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], True))


def tell_author(change, decider, message):
    """Tell the author of `change` what `decider` did: `message` names %(record)s, %(user)s."""
    if change.author is None or change.author == decider:
        return
    names = {"record": change, "user": decider or "—"}
    text = in_every_language(lambda: gettext(message) % {k: str(v) for k, v in names.items()})
    notify(change.author, text, language=change.author_language)
