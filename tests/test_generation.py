"""`generate_content` multiplies the content for benchmarks and the scale tests."""

import io

import pytest
from django.core.management import CommandError, call_command

from programme.models import Award, Locality, Milestone, Page, Partner, Project, Source, Theme

# Slow (it copies the seed many times over): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=io.StringIO())


def test_generate_content_copies_every_record_with_its_links(seeded):
    before = {
        model: model.objects.count() for model in (Project, Partner, Award, Milestone, Source)
    }
    original = Project.objects.filter(seed_key__isnull=False, partners__isnull=False).first()

    call_command("generate_content", copies=2, stdout=io.StringIO())

    assert {model: model.objects.count() for model in before} == {
        model: 3 * count for model, count in before.items()
    }
    copy = Project.objects.get(slug=f"{original.slug}-copy-2")
    assert copy.title_vi == f"{original.title_vi} (2)"
    assert copy.title_en == f"{original.title_en} (2)"
    assert copy.seed_key is None
    assert sorted(copy.partners.values_list("slug", flat=True)) == sorted(
        f"{slug}-copy-2" for slug in original.partners.values_list("slug", flat=True)
    )
    # The vocabularies stay as they are: copies share the originals' themes and localities.
    assert set(copy.themes.all()) == set(original.themes.all())
    assert set(copy.localities.all()) == set(original.localities.all())
    for model in (Theme, Locality, Page):
        assert model.objects.count() == model.objects.filter(seed_key__isnull=False).count()


def test_generate_content_leaves_the_seed_alone(seeded):
    call_command("generate_content", copies=1, stdout=io.StringIO())
    output = io.StringIO()
    call_command("seed", stdout=output)
    assert "0 created, 0 updated" in output.getvalue()
    assert (
        Project.objects.filter(seed_key__isnull=True).count()
        == Project.objects.filter(seed_key__isnull=False).count()
    )


def test_generate_content_refuses_zero_copies(seeded):
    with pytest.raises(CommandError, match="--copies must be 1 or more"):
        call_command("generate_content", copies=0)
