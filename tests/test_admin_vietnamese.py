"""The Vietnamese admin is Vietnamese on every page staff use: a superuser's crawl of the admin
finds none of the English messages of Django's admin, auth and forms, nor of our catalogue."""

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from programme.models import Locality, Project

PASSWORD = "a long test password"
CATALOGUES = [
    Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po",
]
# Written the same in Vietnamese.
SAME_IN_VIETNAMESE = {"ID", "URL", "Email", "IPv4", "IPv6", "JSON", "Markdown"}
# Partners' countries as Vietnamese name them.
SAME_IN_VIETNAMESE.add("New Zealand")
# A source's language is named in its own language, as the language switcher names languages.
SAME_IN_VIETNAMESE.add("English")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
# Text that staff do not read as words: attributes are read from these alone.
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


@functools.cache
def english_messages():
    """(texts, patterns): each message of CATALOGUES as English shows it; messages with
    placeholders as patterns, the placeholders matching anything."""
    texts, patterns = set(), []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            for message in filter(None, (entry.msgid, entry.msgid_plural)):
                message = " ".join(message.split())
                literal = PLACEHOLDER.sub("", message)
                if "<" in message or message in SAME_IN_VIETNAMESE:
                    continue
                if len(re.findall(r"[A-Za-z]", literal)) < 3:
                    continue
                if PLACEHOLDER.search(message):
                    parts = PLACEHOLDER.split(message)
                    patterns.append(re.compile(".+?".join(map(re.escape, parts)), re.I))
                else:
                    texts.add(message.rstrip(":").casefold())
    return texts, patterns


class VisibleText(HTMLParser):
    """The texts a person reads on a page: text outside scripts, styles and text areas (which
    hold content), labels of buttons and a few attributes."""

    def __init__(self):
        super().__init__()
        self.texts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea", "template"):
            self.hidden += 1
        self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data)


def english_on(html):
    parser = VisibleText()
    parser.feed(html)
    texts, patterns = english_messages()
    found = []
    for text in parser.texts:
        text = " ".join(text.split())
        # A filter with counts adds " (3)".
        if re.sub(r" \(\d+\)$", "", text) in SAME_IN_VIETNAMESE:
            continue
        if text.rstrip(":").casefold() in texts or any(p.fullmatch(text) for p in patterns):
            found.append(text)
    return found


def form_data(form):
    """What a browser sends back for an unchanged admin form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


@pytest.fixture
def superuser_client(client, one_of_every_kind):
    superuser = User.objects.create_superuser("quantri", password=PASSWORD)
    client.force_login(superuser)
    # History to show: a change through the admin.
    locality = Locality.objects.get()
    address = reverse("admin:programme_locality_change", args=[locality.pk])
    data = form_data(client.get(address).context["adminform"].form)
    response = client.post(address, {**data, "name_en": "Thuan An City", "kind": "district"})
    assert response.status_code == 302
    return client, superuser


def admin_pages(client, superuser):
    """(what, address) of every admin page a superuser reaches from the index."""
    pages = [
        ("index", reverse("admin:index")),
        ("password change", reverse("admin:password_change")),
    ]
    pages.append(("password changed", reverse("admin:password_change_done")))
    request = RequestFactory().get(reverse("admin:index"))
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        pages += [
            (f"{info[1]} list", changelist),
            (f"{info[1]} list with counts", f"{changelist}?_facets=True"),
            (f"{info[1]} list searched", f"{changelist}?q=a"),
        ]
        # Pending changes are made by saving a record, never added by hand.
        if model_admin.has_add_permission(request):
            pages.append((f"{info[1]} add", reverse("admin:{}_{}_add".format(*info))))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages += [
                (f"{info[1]} change", reverse("admin:{}_{}_change".format(*info), args=[first.pk])),
                (
                    f"{info[1]} history",
                    reverse("admin:{}_{}_history".format(*info), args=[first.pk]),
                ),
                (f"{info[1]} delete", reverse("admin:{}_{}_delete".format(*info), args=[first.pk])),
            ]
    pages.append(("user password", reverse("admin:auth_user_password_change", args=[superuser.pk])))
    return pages


@pytest.mark.django_db
def test_every_admin_page_is_vietnamese(superuser_client):
    client, superuser = superuser_client
    found = {}
    for what, address in admin_pages(client, superuser):
        response = client.get(address)
        assert response.status_code == 200, what
        if english := english_on(response.content.decode()):
            found[what] = english

    assert found == {}


def filtered_lists(client, changelist):
    """(what, address) of a list filtered by each choice of each of its filters but "All"."""
    response = client.get(changelist)
    pages = []
    for spec in response.context["cl"].filter_specs:
        for choice in list(spec.choices(response.context["cl"]))[1:2]:
            pages.append((f"{changelist} by {spec.title}", changelist + choice["query_string"]))
    return pages


@pytest.mark.django_db
def test_every_filtered_admin_list_is_vietnamese(superuser_client):
    client, _superuser = superuser_client
    found = {}
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for what, address in filtered_lists(client, changelist):
            response = client.get(address)
            assert response.status_code == 200, what
            if english := english_on(response.content.decode()):
                found[what] = english

    assert found == {}


@pytest.mark.django_db
def test_admin_forms_with_errors_are_vietnamese(superuser_client):
    client, superuser = superuser_client
    posts = {
        "project with errors": (
            reverse("admin:programme_project_add"),
            {
                "key_figures-TOTAL_FORMS": "0",
                "key_figures-INITIAL_FORMS": "0",
                "milestones-TOTAL_FORMS": "0",
                "milestones-INITIAL_FORMS": "0",
                "start_date": "sớm",
                "slug": "không hợp lệ!",
            },
        ),
        "user with errors": (
            reverse("admin:auth_user_add"),
            {"username": "a b", "usable_password": "true", "password1": "x", "password2": "y"},
        ),
        "password change with errors": (
            reverse("admin:password_change"),
            {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        ),
        "delete selected": (
            reverse("admin:programme_project_changelist"),
            {"action": "delete_selected", "_selected_action": [Project.objects.get().pk]},
        ),
    }
    found, statuses = {}, {}
    for what, (address, data) in posts.items():
        response = client.post(address, data)
        statuses[what] = response.status_code
        if english := english_on(response.content.decode()):
            found[what] = english

    assert (statuses, found) == (dict.fromkeys(posts, 200), {})


@pytest.mark.django_db
def test_admin_sign_in_errors_lockout_and_sign_out_are_vietnamese(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_superuser("quantri", password=PASSWORD)
    login = reverse("admin:login")
    pages = {"sign in": client.get(login)}
    for attempt in range(6):
        pages[f"failed sign in {attempt}"] = client.post(
            login, {"username": "quantri", "password": "sai", "next": reverse("admin:index")}
        )
    client.force_login(User.objects.get())
    pages["signed out"] = client.post(reverse("admin:logout"))

    found = {what: english_on(page.content.decode()) for what, page in pages.items()}

    assert found == {what: [] for what in pages}
    assert pages["failed sign in 5"].status_code == 429
    assert 'data-testid="locked-out"' in pages["failed sign in 5"].content.decode()


@pytest.mark.django_db
def test_history_names_changed_fields_in_vietnamese(superuser_client):
    client, _superuser = superuser_client
    locality = Locality.objects.get()

    html = client.get(reverse("admin:programme_locality_history", args=[locality.pk])).content
    messages = re.findall(r'<td data-testid="change-message">([^<]*)</td>', html.decode())

    assert messages == ["Đã thay đổi Tên [en] và Loại."]


@pytest.mark.django_db
def test_history_button_reads_lich_su(superuser_client):
    client, _superuser = superuser_client
    locality = Locality.objects.get()

    html = client.get(reverse("admin:programme_locality_change", args=[locality.pk])).content
    buttons = re.findall(r'<a href="[^"]*/history/" class="historylink">([^<]*)</a>', html.decode())

    assert buttons == ["Lịch sử"]


@pytest.mark.django_db
def test_admin_scripts_have_every_message_in_vietnamese(superuser_client):
    client, _superuser = superuser_client
    catalogue = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    script = client.get(reverse("admin:jsi18n")).content.decode()
    translated = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])

    missing = [
        entry.msgid
        for entry in polib.pofile(str(catalogue))
        if (f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid) not in translated
    ]

    assert missing == []
