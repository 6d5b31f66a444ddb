import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings

from programme.roles import EDITORS, PUBLISHERS


@pytest.fixture(autouse=True)
def _site_language(settings):
    """Each test starts in the site's default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_session(tmp_path_factory):
    """The tests keep their cache in a folder of their own, as `make run` keeps its own in
    DJANGO_CACHE_DIR: never the pages of another run, of `make run` or of another checkout, and
    never Redis, even with REDIS_URL set (the Redis tests ask for it)."""
    location = tmp_path_factory.mktemp("cache")
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page cached by an earlier test."""
    from django.core.cache import cache

    cache.clear()


def staff_member(username, role):
    user = User.objects.create_user(username, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return staff_member("editor", EDITORS)


@pytest.fixture
def publisher(db):
    return staff_member("publisher", PUBLISHERS)
