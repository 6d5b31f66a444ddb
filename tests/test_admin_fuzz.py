"""Every admin page (change lists with each of their filters, add, change, history and delete
pages, autocomplete) requested with junk as each role, and /media/ with odd names: none may
answer with a server error. Junk: numbers past any integer type, digits that are not ASCII,
NUL bytes, odd Unicode, long and empty values."""

import re
from urllib.parse import parse_qsl, quote

import lxml.html
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
        ("..%2F" * 10, 404),
    ],
    ids=["long", "long in a folder", "long unicode", "deep", "nul", "traversal"],
)
def test_media_with_odd_names_gives_no_server_error(client, db, name, status):
    assert client.get(f"/media/{name}").status_code == status


# Ids and numbers of every shape the admin's forms and lists are sent: not numbers, decimals with
# letters, numbers past 64 bits either way, digits that are not ASCII, spaces, nothing.
IDS = ["abc", "1.5x", "99999999999999999999999", "-99999999999999999999", "²", "١٢", " 7 ", ""]


def actions_of(client, model):
    """The names of the actions the change list offers this client."""
    html = client.get(admin_url(model, "changelist")).content.decode()
    select = re.search(r'<select name="action".*?</select>', html, re.S)
    return re.findall(r'<option value="(\w+)"', select.group(0)) if select else []


def post_errors(client, requests):
    errors = []
    for path, data in requests:
        status = client.post(path, data).status_code
        if status >= 500:
            errors.append((path[:150], str(data)[:150], status))
    return errors


@pytest.mark.parametrize("role", ["superuser", "publisher", "editor"])
def test_admin_list_actions_on_junk_ids_give_no_server_error(roles, role):
    client = roles[role]
    requests = []
    for model in admin.site._registry:
        changelist = admin_url(model, "changelist")
        for action in actions_of(client, model):
            requests += [
                (changelist, {"action": action, "index": "0", "_selected_action": value})
                for value in IDS
            ]
            requests.append(
                (changelist, {"action": action, "index": "abc", "_selected_action": IDS[:3]})
            )
            requests.append((changelist, {"action": action, "index": "0", "select_across": "abc"}))

    # Editors may delete nothing from a list, so they have no action.
    assert len(requests) > (30 if role != "editor" else -1)
    assert post_errors(client, requests) == []


def history_models():
    return [
        model
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "compare_view")
    ]


@pytest.mark.parametrize("role", ["superuser", "publisher", "editor"])
def test_admin_history_compare_and_restore_with_junk_give_no_server_error(roles, role):
    client = roles[role]
    paths = []
    for model in history_models():
        obj = model._default_manager.first()
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for value in IDS:
            paths += [
                reverse(f"{info}_compare", args=[obj.pk]) + f"?old={quote(value)}&new=1",
                reverse(f"{info}_compare", args=[obj.pk]) + f"?old=1&new={quote(value)}",
                reverse(f"{info}_compare", args=[quote(value) or "x"]) + "?old=1&new=2",
                reverse(f"{info}_restore", args=[obj.pk, quote(value) or "x"]),
                reverse(f"{info}_recover", args=[quote(value) or "x"]),
            ]

    assert server_errors(client, paths) == []


def test_autocomplete_with_junk_ids_gives_no_server_error(roles):
    client = roles["superuser"]
    paths = [path for value in IDS for path in autocomplete_requests(quote(value))]

    assert server_errors(client, paths) == []


# What a form field is sent instead of what the page holds: for a number, a date or a link to
# another record (a select, or the autocomplete's), an answer the form must refuse with a message.
FIELD_JUNK = ["1.5x", "99999999999999999999999", "²"]


def takes_numbers(element):
    """Whether a form's field holds a number, a date, a choice or a link to another record (the
    fields junk numbers break), rather than free text, which takes any text."""
    if element.tag == "select":
        return True
    if element.tag == "textarea":
        return False
    value = element.get("value") or ""
    return element.get("type") in ("hidden", "number") or not re.search(r"[^\W\d_]", value)


def form_posts(client, model, obj):
    """The change form of `obj` (the add form without one) as the page holds it, posted with one
    of its fields at a time that take numbers changed to each of FIELD_JUNK: (address, field,
    data)."""
    path = admin_url(model, "change", obj.pk) if obj is not None else admin_url(model, "add")
    page = client.get(path)
    if page.status_code != 200:
        return []
    form = lxml.html.fromstring(page.content).get_element_by_id(f"{model._meta.model_name}_form")
    values = form.form_values()
    names = sorted(
        {field.name for field in form.inputs if field.name and takes_numbers(field)}
        - {"csrfmiddlewaretoken", "edit_token"}
    )
    posts = []
    for name in names:
        data = {}
        for key, value in values:
            data.setdefault(key, []).append(value)
        posts.append((path, name, data))
    return posts


@pytest.mark.slow
@pytest.mark.parametrize("role", ["superuser", "publisher", "editor"])
def test_admin_forms_with_junk_in_any_field_give_no_server_error(roles, role):
    """Every field of every change form that takes a number, a date, a choice or a record, as
    each role has it, sent a junk number (the autocomplete's select redrawn with a foreign key
    beyond 64 bits among them): a form error or 400, never a server error. Each role sends each
    field one of FIELD_JUNK, another for each role, to keep the test within a minute or so."""
    client = roles[role]
    posts = []
    for model in admin.site._registry:
        posts += form_posts(client, model, model._default_manager.order_by("pk").first())
    errors = []
    offset = ["superuser", "publisher", "editor"].index(role)
    for number, (path, name, data) in enumerate(posts):
        junk = FIELD_JUNK[(number + offset) % len(FIELD_JUNK)]
        status = client.post(path, {**data, name: [junk]}).status_code
        if status >= 500:
            errors.append((path, name, junk, status))

    assert len(posts) > (100 if role == "superuser" else 50)
    assert errors == []
