import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
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
def _folders_of_this_session(tmp_path_factory):
    """The tests keep their cache, uploads and pending files in folders of their own, as `make
    run` keeps its own: never those of another run, another xdist worker, `make run` or another
    checkout; and never Redis, even with REDIS_URL set (the Redis tests ask for it)."""
    from django.conf import settings

    location = tmp_path_factory.mktemp("cache")
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    pending = {**settings.STORAGES["pending"]}
    pending["OPTIONS"] = {**pending["OPTIONS"], "location": tmp_path_factory.mktemp("pending")}
    with override_settings(
        CACHES={"default": {"BACKEND": backend, "LOCATION": location}},
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PENDING_FILES_ROOT=pending["OPTIONS"]["location"],
        STORAGES={**settings.STORAGES, "pending": pending},
    ):
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


# The shared content of fixtures/ (settings.FIXTURE_DIRS), one pytest fixture per Django fixture:
# a test that asks for one finds its records in the database, saved as `loaddata` saves them.
@pytest.fixture
def one_of_every_kind(db):
    """A published record of every kind, linked to each other (fixtures/one_of_every_kind.json)."""
    call_command("loaddata", "one_of_every_kind", verbosity=0)


@pytest.fixture
def publication_states(db):
    """A project, award, partner, milestone, source and page in each publication state, named by
    its slug: published, publish-time-passed, scheduled (for 2099), draft, draft-time-passed
    (fixtures/publication_states.json)."""
    call_command("loaddata", "publication_states", verbosity=0)


@pytest.fixture
def english_fallbacks(db):
    """Published records of every kind without English, which English pages show in Vietnamese,
    and a project with its body alone untranslated (fixtures/english_fallbacks.json)."""
    call_command("loaddata", "english_fallbacks", verbosity=0)
