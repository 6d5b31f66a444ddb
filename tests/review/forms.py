"""The admin's change forms as a browser submits them: every field with its current value."""

import lxml.html
from django.urls import reverse


def form_values(html, form_id):
    """{name: [values]} of the form `form_id` in `html`, as a browser would post it unchanged."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    values = {}
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        kind = element.get("type", "text")
        if not name or kind in ("submit", "file", "button") or element.get("disabled") is not None:
            continue
        if kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                values.setdefault(name, []).append(element.get("value", "on"))
        elif element.tag == "select":
            chosen = [
                option.get("value", option.text or "")
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
            if not chosen and element.get("multiple") is None:
                options = list(element.iter("option"))
                chosen = [options[0].get("value", "")] if options else []
            values.setdefault(name, []).extend(chosen)
        elif element.tag == "textarea":
            values.setdefault(name, []).append((element.text or "").removeprefix("\n"))
        else:
            values.setdefault(name, []).append(element.get("value", ""))
    return values


def change_form(client, url, form_id, **changes):
    """The change form at `url` as its page shows it, with `changes` (name=value) made."""
    values = form_values(client.get(url).content.decode(), form_id)
    values.pop("csrfmiddlewaretoken", None)
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [value]
    return values


def seen_on_review_page(client, change, language="vi"):
    """The fingerprint the review page of `change` gives its decision form: what it showed."""
    url = reverse("admin:programme_pendingchange_change", args=[change.pk])
    html = client.get(url, headers={"accept-language": language}).content.decode()
    return lxml.html.fromstring(html).xpath("//input[@name='seen']/@value")[0]


def decide(client, change, language="vi", **data):
    """Posts a decision on `change` from its review page, as opened just now, in `language`."""
    url = reverse("admin:programme_pendingchange_change", args=[change.pk])
    data.setdefault("seen", seen_on_review_page(client, change, language))
    return client.post(url, data, headers={"accept-language": language})


def edit_token(client, url):
    """The signed token the change form at `url` opens with: a save without it is refused."""
    html = client.get(url).content.decode()
    return lxml.html.fromstring(html).xpath("//input[@name='edit_token']/@value")[0]
