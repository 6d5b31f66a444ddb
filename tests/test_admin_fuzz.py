"""Every admin page (change lists with each of their filters, add, change, history and delete
pages, autocomplete) requested with junk as each role, and /media/ with odd names: none may
answer with a server error. Junk: numbers past any integer type, digits that are not ASCII,
NUL bytes, odd Unicode, long and empty values."""

import re
from urllib.parse import parse_qsl, quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from programme.models import Project
from programme.roles import EDITORS, PUBLISHERS
from tests.conftest import staff_member

JUNK = ["99999999999999999999", "²", "-1", "%E2%80%AE🏙️e%CC%81", "x" * 300, "nul%00byte"]
# Parameters of every change list, besides its filters: search, ordering, page, show all,
# errors, popups.
CHANGE_LIST_PARAMETERS = ["q", "o", "p", "all", "e", "_to_field", "_popup"]
OBJECT_PAGES = ["change", "history", "delete"]


@pytest.fixture
def roles(one_of_every_kind, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    superuser = User.objects.create_superuser("root", password="a long test password")
    clients = {}
    for name, user in [
        ("superuser", superuser),
        ("publisher", staff_member("publisher", PUBLISHERS)),
        ("editor", staff_member("editor", EDITORS)),
    ]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[name] = client
    return clients


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def filter_parameters(client, model):
    """The query parameters of the change list's filter links, as the superuser sees them."""
    html = client.get(admin_url(model, "changelist")).content.decode()
    queries = re.findall(r'href="\?([^"]+)"', html)
    return sorted({name for query in queries for name, _ in parse_qsl(query.replace("&amp;", "&"))})


def autocomplete_requests(value):
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.autocomplete_fields:
            query = (
                f"app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field}&term={value}&page={value}"
            )
            yield f"{reverse('admin:autocomplete')}?{query}"
    yield f"{reverse('admin:autocomplete')}?app_label={value}&model_name={value}&term={value}"


def server_errors(client, paths):
    errors = []
    for path in paths:
        status = client.get(path).status_code
        if status >= 500:
            errors.append((path[:150], status))
    return errors


def test_admin_change_list_filters_with_junk_give_no_server_error(roles):
    """Each filter parameter alone, as the superuser, who sees every filter; the parameters that
    Django's change list reads for every model, alone, on one of them."""
    client = roles["superuser"]
    paths = []
    for model in admin.site._registry:
        changelist = admin_url(model, "changelist")
        names = filter_parameters(client, model)
        if model is Project:
            names += CHANGE_LIST_PARAMETERS
        paths += [f"{changelist}?{name}={value}" for name in names for value in JUNK]

    assert len(paths) > 300
    assert server_errors(client, paths) == []


@pytest.mark.parametrize("role", ["superuser", "publisher", "editor"])
def test_admin_pages_with_junk_give_no_server_error_to_any_role(roles, role):
    """Every page of every model with junk in its object's address and in all the change list's
    parameters at once, and autocomplete with junk terms."""
    client = roles[role]
    junk = [JUNK[0], JUNK[1], JUNK[3], JUNK[5]]
    paths = [reverse("admin:index")]
    for value in junk:
        paths += autocomplete_requests(value)
    for model in admin.site._registry:
        names = filter_parameters(roles["superuser"], model) + CHANGE_LIST_PARAMETERS
        for value in junk:
            query = "&".join(f"{name}={value}" for name in names)
            paths.append(f"{admin_url(model, 'changelist')}?{query}")
        paths += [
            admin_url(model, page, quote(value)) for page in OBJECT_PAGES for value in junk[:3]
        ]
        paths.append(admin_url(model, "add") + "?_changelist_filters=" + quote("year=²&q=%00"))
        obj = model._default_manager.first()
        if obj is not None:
            paths += [admin_url(model, page, obj.pk) + "?_to_field=%00" for page in OBJECT_PAGES]

    assert server_errors(client, paths) == []


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("a" * 300, 404),
        ("projects/" + "b" * 300 + ".png", 404),
        ("đ" * 200, 404),
        ("a/" * 300, 404),
        ("%00", 404),
        ("..%2F" * 10, 400),
    ],
    ids=["long", "long in a folder", "long unicode", "deep", "nul", "traversal"],
)
def test_media_with_odd_names_gives_no_server_error(client, db, name, status):
    assert client.get(f"/media/{name}").status_code == status
