import pytest
from django.contrib.auth.models import User
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese_first(settings):
    """Every test starts in the site's default language, with no leftover activation."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("staff", password="a long test password", is_staff=True)
    client.force_login(user)
    return client


def url_in(language, name, **kwargs):
    """The URL of a named page in a language, as the site links to it."""
    from django.urls import reverse

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)
