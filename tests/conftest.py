import pytest


@pytest.fixture(autouse=True)
def _plain_language(settings):
    """Each test starts from the site's defaults, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
