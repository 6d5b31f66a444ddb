"""Content for the public-page tests: published by default, English written unless left out.

Each helper takes keyword arguments for the fields a test cares about; everything else gets a
plain, valid value. `make_programme(size)` makes `size` of every kind, linked together, for tests
that compare amounts of content; content that needs no particular values comes from the Django
fixtures of fixtures/ (see tests/conftest.py)."""

import datetime
import itertools

from programme.models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    PublicationStatus,
    Source,
    Theme,
)

counter = itertools.count(1)


def published(fields):
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return fields


def same_address_in_english(fields):
    """A test that names a record's address gets it in both languages."""
    if fields.get("slug"):
        fields.setdefault("slug_en", fields["slug"])
    return fields


def make_source(**fields):
    n = next(counter)
    fields.setdefault("headline_vi", f"Bài báo số {n} về thành phố thông minh")
    fields.setdefault("headline_en", f"Article {n} on the smart city")
    fields.setdefault("outlet", "Báo Bình Dương")
    fields.setdefault("published_date", datetime.date(2022, 3, 13))
    fields.setdefault("published_precision", "day")
    fields.setdefault("url", f"https://baobinhduong.vn/bai-{n}.html")
    return Source.objects.create(**same_address_in_english(published(fields)))


def make_theme(**fields):
    n = next(counter)
    fields.setdefault("name_vi", f"Đổi mới sáng tạo {n}")
    fields.setdefault("name_en", f"Innovation {n}")
    return Theme.objects.create(**same_address_in_english(fields))


def make_locality(**fields):
    n = next(counter)
    fields.setdefault("name_vi", f"Thủ Dầu Một {n}")
    fields.setdefault("name_en", f"Thu Dau Mot {n}")
    fields.setdefault("kind", Locality.Kind.CITY)
    return Locality.objects.create(**same_address_in_english(fields))


def make_partner(**fields):
    n = next(counter)
    fields.setdefault("name_vi", f"Thành phố Eindhoven {n}")
    fields.setdefault("name_en", f"City of Eindhoven {n}")
    fields.setdefault("kind", Partner.Kind.CITY_OR_REGION)
    fields.setdefault("country", "NL")
    fields.setdefault("cooperation_vi", "Hợp tác về đổi mới sáng tạo.")
    fields.setdefault("cooperation_en", "Cooperation on innovation.")
    fields.setdefault("latitude", "51.44164")
    fields.setdefault("longitude", "5.46972")
    return Partner.objects.create(**same_address_in_english(published(fields)))


def make_project(*, themes=(), localities=(), partners=(), sources=(), **fields):
    n = next(counter)
    fields.setdefault("title_vi", f"Trung tâm Điều hành thông minh {n}")
    fields.setdefault("title_en", f"Intelligent Operations Centre {n}")
    fields.setdefault("summary_vi", "Trung tâm giám sát, điều hành đô thị thông minh của tỉnh.")
    fields.setdefault("summary_en", "The province's centre that watches over and runs the city.")
    fields.setdefault("body_vi", "Đoạn thứ nhất.\n\nĐoạn thứ hai.")
    fields.setdefault("body_en", "First paragraph.\n\nSecond paragraph.")
    fields.setdefault("status", Project.Status.OPERATIONAL)
    project = Project.objects.create(**same_address_in_english(published(fields)))
    project.themes.set(themes)
    project.localities.set(localities)
    project.partners.set(partners)
    project.sources.set(sources)
    return project


def make_key_figure(project, **fields):
    fields.setdefault("label_vi", "Diện tích triển lãm")
    fields.setdefault("label_en", "Exhibition area")
    fields.setdefault("unit_vi", "m²")
    fields.setdefault("value", 22000)
    return KeyFigure.objects.create(project=project, **fields)


def make_award(*, sources=(), **fields):
    n = next(counter)
    fields.setdefault("title_vi", f"Danh sách Smart 21 số {n}")
    fields.setdefault("title_en", f"Smart21 Communities {n}")
    fields.setdefault("organiser_vi", "Diễn đàn Cộng đồng thông minh thế giới (ICF)")
    fields.setdefault("organiser_en", "Intelligent Community Forum (ICF)")
    fields.setdefault("level", Award.Level.SMART21)
    fields.setdefault("year", 2020)
    award = Award.objects.create(**same_address_in_english(published(fields)))
    award.sources.set(sources)
    return award


def make_milestone(*, sources=(), **fields):
    n = next(counter)
    fields.setdefault("title_vi", f"Phê duyệt Đề án số {n}")
    fields.setdefault("title_en", f"Programme approved {n}")
    fields.setdefault("kind", Milestone.Kind.DECISION)
    fields.setdefault("date", datetime.date(2016, 1, 1))
    fields.setdefault("date_precision", "year")
    milestone = Milestone.objects.create(**same_address_in_english(published(fields)))
    milestone.sources.set(sources)
    return milestone


def make_page(*, sources=(), **fields):
    n = next(counter)
    fields.setdefault("title_vi", f"Giới thiệu {n}")
    fields.setdefault("title_en", f"About {n}")
    fields.setdefault("summary_vi", "Mục tiêu của Đề án.")
    fields.setdefault("summary_en", "The programme's goals.")
    fields.setdefault("body_vi", "Mô hình ba nhà.")
    fields.setdefault("body_en", "The triple-helix model.")
    page = Page.objects.create(**same_address_in_english(published(fields)))
    page.sources.set(sources)
    return page


def make_programme(size=1):
    """`size` of every kind of record, all published and linked to each other, so that each
    page has something in every section. Returns the records by kind."""
    sources = [make_source() for _ in range(size)]
    for source in sources:
        source.note_en = f"What the article reports.[^{source.slug}]"
        source.save()
    # Every long text cites every source, so that pages number all of them.
    cited = "Cited paragraph." + "".join(f"[^{source.slug}]" for source in sources)
    themes = [make_theme() for _ in range(size)]
    localities = [make_locality() for _ in range(size)]
    partners = [make_partner(cooperation_en=cited) for _ in range(size)]
    for record in themes + localities + partners:
        record.sources.set(sources)
    projects = [
        make_project(
            themes=themes,
            partners=partners,
            sources=sources,
            localities=[localities[i % size]],
            lead_organisation=partners[i % size],
            featured=True,
            start_date=datetime.date(2021, 7, 1),
            start_precision="month",
            body_en=cited,
        )
        for i in range(size)
    ]
    for project in projects:
        make_key_figure(project, source=sources[0])
    awards = [
        make_award(
            sources=sources, project=projects[i % size], year=2019 + i % 5, description_en=cited
        )
        for i in range(size)
    ]
    milestones = [
        make_milestone(
            sources=sources,
            project=projects[i % size],
            partner=partners[i % size],
            date=datetime.date(2016 + i % 8, 1, 1),
            description_en=cited,
        )
        for i in range(size)
    ]
    pages = [make_page(sources=sources, body_en=cited) for _ in range(size)]
    return {
        "sources": sources,
        "themes": themes,
        "localities": localities,
        "partners": partners,
        "projects": projects,
        "awards": awards,
        "milestones": milestones,
        "pages": pages,
    }
