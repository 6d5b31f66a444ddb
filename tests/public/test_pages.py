"""What each public page shows, in both languages, through its URL."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone, translation
from PIL import Image

from programme.models import Award, Milestone, Page, Partner, Project, PublicationStatus

from .content import (
    make_award,
    make_key_figure,
    make_locality,
    make_milestone,
    make_page,
    make_partner,
    make_project,
    make_source,
    make_theme,
)
from .markup import markup


def text_of(response, testid):
    """The text inside the first element with this data-testid, tags removed."""
    html = response.content.decode()
    match = re.search(
        rf'data-testid="{testid}"[^>]*>(.*?)</(?:div|ul|p|section|article|ol)>', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else None


def titles(response, testid="project-card"):
    html = response.content.decode()
    blocks = html.split(f'data-testid="{testid}"')[1:]
    return [
        re.sub(r"<[^>]+>", "", re.search(r"<h\d[^>]*>(.*?)</h\d>", b, re.S).group(1))
        for b in blocks
    ]


@pytest.mark.django_db
def test_home_figures_count_published_content(client):
    make_project(status=Project.Status.OPERATIONAL)
    make_project(status=Project.Status.OPERATIONAL)
    make_project(status=Project.Status.PLANNED)
    make_project(status=Project.Status.PLANNED, publication_status=PublicationStatus.DRAFT)
    make_award()
    make_partner(kind=Partner.Kind.CITY_OR_REGION)
    make_partner(kind=Partner.Kind.COMPANY)
    # Neither drafts nor scheduled records count; records whose time has come do.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    draft = {"publication_status": PublicationStatus.DRAFT}
    for fields in (draft, {"publish_at": tomorrow}):
        make_project(status=Project.Status.OPERATIONAL, **fields)
        make_award(**fields)
        make_partner(kind=Partner.Kind.CITY_OR_REGION, **fields)
    make_project(status=Project.Status.OPERATIONAL, publish_at=yesterday)
    response = client.get("/en/")
    assert text_of(response, "figures") == (
        "4 projects 1 planned 3 operational 1 awards 2 partners 1 partner cities and regions"
    )


@pytest.mark.django_db
def test_home_shows_featured_projects_and_latest_award(client):
    make_project(
        title_en="Smart Village",
        featured=True,
        localities=[make_locality(name_en="Bau Bang")],
        themes=[make_theme(name_en="Farming")],
    )
    make_project(title_en="Not featured", featured=False)
    make_project(title_en="Draft", featured=True, publication_status=PublicationStatus.DRAFT)
    make_award(title_en="Smart21 2019", year=2019)
    make_award(
        title_en="Intelligent Community of the Year",
        year=2023,
        level=Award.Level.COMMUNITY_OF_THE_YEAR,
    )
    response = client.get("/en/")
    assert titles(response) == ["Smart Village"]
    card = re.search(r'<article class="card".*?</article>', response.content.decode(), re.S)
    assert (
        '<span dir="auto">Bau Bang</span>' in card.group(),
        '<li dir="auto">Farming</li>' in card.group(),
    ) == (True, True)
    # The home page leads with the highest ICF award, linked to its page.
    assert text_of(response, "record").startswith(
        "Binh Duong Smart City Programme Intelligent Community of the Year"
    )


@pytest.mark.django_db
def test_home_lists_the_latest_public_award_milestones_and_partner_places(client):
    later = timezone.now() + datetime.timedelta(days=1)
    make_award(title_en="Undated 2023", year=2023)
    make_award(
        title_en="March 2023",
        year=2023,
        announced_date=datetime.date(2023, 3, 1),
        announced_precision="month",
    )
    make_award(title_en="Scheduled 2024", year=2024, publish_at=later)
    for day in range(1, 8):
        make_milestone(
            title_en=f"Day {day}", date=datetime.date(2024, 1, day), date_precision="day"
        )
    make_milestone(
        title_en="Draft day",
        date=datetime.date(2025, 1, 1),
        publication_status=PublicationStatus.DRAFT,
    )
    for n in range(11):
        make_partner(name_vi=f"Thành phố {n:02}", name_en=f"City {n:02}")
    for name in ("A fund", "Z fund"):  # The second is the 13th: one too many.
        make_partner(name_vi=name, name_en=name, kind=Partner.Kind.INTERNATIONAL)
    make_partner(name_vi="Công ty", name_en="A company", kind=Partner.Kind.COMPANY)

    response = client.get("/en/")
    html = response.content.decode()

    # Of two awards of one level and year, the later entered; the scheduled one is not public.
    assert re.findall(r'data-testid="record-title">.*?<a [^>]*>(.*?)</a>', html, re.S) == [
        "March 2023"
    ]
    highlights = re.search(r'id="timeline-heading".*?</ol>', html, re.S).group()
    assert re.findall(r"<a [^>]*>(Day \d)</a>", highlights) == [f"Day {d}" for d in (7, 6, 5, 4, 3)]
    partners = re.search(r'id="partners-heading".*?</ul>', html, re.S).group()
    assert re.findall(r"<a [^>]*>([^<]*)</a>", partners) == [
        *(f"City {n:02}" for n in range(11)),
        "A fund",
    ]


@pytest.mark.django_db
def test_project_list_filters_combine(client):
    theme, other_theme = make_theme(slug="innovation"), make_theme(slug="transport")
    town = make_locality(slug="di-an")
    make_project(title_en="Match", themes=[theme], localities=[town], status=Project.Status.PLANNED)
    make_project(title_en="Wrong status", themes=[theme], localities=[town])
    make_project(
        title_en="Wrong theme",
        themes=[other_theme],
        localities=[town],
        status=Project.Status.PLANNED,
    )
    make_project(title_en="Wrong place", themes=[theme], status=Project.Status.PLANNED)
    response = client.get("/en/projects/?theme=innovation&status=planned&locality=di-an")
    assert titles(response) == ["Match"]


@pytest.mark.django_db
def test_project_list_menus_mark_the_chosen_filters_and_vietnamese_names(client):
    make_theme(slug="nong-nghiep", name_vi="Nông nghiệp <xanh>", name_en="")
    make_theme(slug="transport", name_vi="Giao thông", name_en="Transport")
    make_locality(slug="di-an", name_vi="Dĩ An", name_en="Di An")
    # An unknown locality is left out of the address the menus are shown at.
    response = client.get("/en/projects/?theme=nong-nghiep&status=planned&locality=x", follow=True)
    assert response.redirect_chain == [("/en/projects/?theme=nong-nghiep&status=planned", 302)]
    html = response.content.decode()

    def options(name):
        menu = re.search(rf'<select id="filter-{name}".*?</select>', html, re.S).group()
        return re.findall(r"<option [^>]*>[^<]*</option>", menu)[1:]

    # By name as the English page shows them: "Nông nghiệp" has no English name.
    assert options("theme") == [
        '<option value="nong-nghiep" selected dir="auto" lang="vi">'
        "Nông nghiệp &lt;xanh&gt;</option>",
        '<option value="transport" dir="auto">Transport</option>',
    ]
    assert options("status") == [
        '<option value="planned" selected>Planned</option>',
        '<option value="in_progress">In progress</option>',
        '<option value="operational">Operational</option>',
        '<option value="completed">Completed</option>',
    ]
    assert options("locality") == ['<option value="di-an" dir="auto">Di An</option>']


@pytest.mark.django_db
def test_project_list_sends_junk_filters_to_the_address_without_them(client):
    make_project(title_en="Only one")
    response = client.get("/en/projects/?theme=nope&status=%00&locality=x", follow=True)
    assert (response.redirect_chain, titles(response)) == ([("/en/projects/", 302)], ["Only one"])
    # The page number is kept, and a malformed one is no page of the list.
    junk_page = client.get("/en/projects/?theme=nope&status=%00&locality=x&page=abc", follow=True)
    assert (junk_page.redirect_chain, junk_page.status_code) == (
        [("/en/projects/?page=abc", 302)],
        404,
    )


@pytest.mark.django_db
def test_project_list_paginates_with_filters_in_the_links(client):
    theme = make_theme(slug="innovation")
    for n in range(13):
        make_project(title_en=f"Project {n:02}", title_vi=f"Dự án {n:02}", themes=[theme])
    response = client.get("/en/projects/?theme=innovation&page=2")
    assert titles(response) == ["Project 12"]
    assert 'href="?theme=innovation&amp;page=1" rel="prev"' in response.content.decode()


@pytest.mark.django_db
def test_project_list_page_out_of_range_is_404(client):
    make_project(title_en="Only one")
    last = client.get("/en/projects/?page=1")
    assert (last.status_code, titles(last)) == (200, ["Only one"])
    statuses = [client.get(f"/en/projects/?page={page}").status_code for page in (2, 99999, 0)]
    assert statuses == [404, 404, 404]


@pytest.mark.django_db
def test_project_detail_shows_everything_about_the_project(client):
    lead = make_partner(name_en="Becamex IDC Corporation")
    partner = make_partner(name_en="Connected Places Catapult")
    source = make_source(headline_en="Binh Duong in the Top7")
    project = make_project(
        slug="ioc",
        title_en="Intelligent Operations Center",
        lead_organisation=lead,
        partners=[partner],
        sources=[source],
        localities=[make_locality(name_en="Thu Dau Mot")],
        start_date=datetime.date(2021, 7, 1),
        start_precision="month",
    )
    make_key_figure(project, label_en="Exhibition area", unit_en="m²", value=22000)
    make_milestone(project=project, title_en="IOC opens", date=datetime.date(2022, 1, 1))
    make_award(project=project, title_en="VINASA award", year=2023)
    html = markup(client.get("/en/projects/ioc/").content.decode())
    for expected in (
        '<h1 dir="auto">Intelligent Operations Center</h1>',
        f'<a href="/en/partners/{lead.slug_en}/" dir="auto">Becamex IDC Corporation</a>',
        f'<a href="/en/partners/{partner.slug_en}/" dir="auto">Connected Places Catapult</a>',
        '<time datetime="2021-07">July 2021</time>',
        '<strong>22,000 <span dir="auto">m²</span></strong>'
        ' <span dir="auto">Exhibition area</span>',
        '<span dir="auto">IOC opens</span>',
        ">VINASA award</a> (2023)",
        ">Binh Duong in the Top7</a>",
        "Thu Dau Mot</a>",
    ):
        assert markup(expected) in html, expected


@pytest.mark.django_db
def test_project_status_is_named_in_the_page_language(client):
    make_project(slug="ioc", status=Project.Status.OPERATIONAL)
    for url, label in (
        ("/en/projects/", "operational"),
        ("/en/projects/ioc/", "Operational"),
        ("/vi/du-an/", "đã đi vào vận hành"),
        ("/vi/du-an/ioc/", "Đã đi vào vận hành"),
    ):
        html = client.get(url).content.decode()
        status = r'class="status status--operational"[^>]*>.*?</svg>(.*?)</span>'
        assert re.findall(status, html, re.S) == [label.capitalize()], url


@pytest.mark.django_db
def test_project_detail_in_vietnamese_shows_partial_dates_in_vietnamese(client):
    make_project(slug="ioc", start_date=datetime.date(2021, 7, 1), start_precision="month")
    html = client.get("/vi/du-an/ioc/").content.decode()
    assert '<time datetime="2021-07">tháng 7/2021</time>' in html


def test_project_without_english_shows_vietnamese_marked_and_noted(client, english_fallbacks):
    html = client.get("/en/projects/nong-trai-thong-minh-bau-bang/").content.decode()
    assert '<h1 dir="auto" lang="vi">Nông trại thông minh Bàu Bàng</h1>' in html
    assert (
        '<div lang="vi"><p>Giai đoạn đầu lắp <strong>40</strong> cảm biến.</p>\n'
        "<p>Số liệu được gửi về điện thoại của xã viên.</p>\n</div>"
    ) in html
    assert html.count("(in Vietnamese, not yet translated)") == 2
    assert "Not yet translated into English; shown in Vietnamese." in html


@pytest.mark.django_db
def test_project_card_marks_vietnamese_fallbacks_and_escapes_text(client):
    make_project(
        slug="lang",
        title_vi="Làng <thông minh>",
        title_en="",
        summary_en="Written in English",
        localities=[make_locality(name_vi="Tân Uyên", name_en="")],
        themes=[make_theme(name_vi="Nông nghiệp", name_en=""), make_theme(name_en="Transport")],
    )
    card = re.search(
        r'<article class="card".*?</article>', client.get("/en/projects/").content.decode(), re.S
    ).group()
    assert (
        '<h2 dir="auto" lang="vi"><a href="/en/projects/lang/">Làng &lt;thông minh&gt;</a></h2>'
        in card
    )
    assert '<p dir="auto">Written in English</p>' in card
    assert '<span dir="auto" lang="vi">Tân Uyên</span>' in card
    assert '<li dir="auto" lang="vi">Nông nghiệp</li>' in card
    assert '<li dir="auto">Transport</li>' in card
    assert card.count("(in Vietnamese, not yet translated)") == 1
    vietnamese = client.get("/vi/du-an/").content.decode()
    assert '<h2 dir="auto"><a href="/vi/du-an/lang/">Làng &lt;thông minh&gt;</a></h2>' in vietnamese
    assert "(in Vietnamese" not in vietnamese


@pytest.mark.django_db
def test_project_detail_hides_unpublished_partners_and_sources(client):
    hidden = make_partner(name_en="Secret partner", publication_status=PublicationStatus.DRAFT)
    draft_source = make_source(
        headline_en="Draft article", publication_status=PublicationStatus.DRAFT
    )
    make_project(slug="ioc", lead_organisation=hidden, partners=[hidden], sources=[draft_source])
    html = client.get("/en/projects/ioc/").content.decode()
    assert ("Secret partner" in html, "Draft article" in html) == (False, False)


@pytest.mark.django_db
def test_unknown_project_is_404(client):
    assert client.get("/en/projects/no-such-project/").status_code == 404


@pytest.mark.parametrize("slug", ["draft", "scheduled", "draft-time-passed"])
def test_unpublished_project_is_404_for_the_public(client, publication_states, slug):
    assert client.get(f"/en/projects/{slug}/").status_code == 404


def test_unpublished_project_is_a_preview_for_staff(staff_client, publication_states):
    response = staff_client.get("/en/projects/draft/")
    assert response.status_code == 200
    assert text_of(response, "preview-banner") == (
        "Preview: this content is not public yet. Only staff can see it."
    )


def test_published_project_has_no_preview_banner_for_staff(staff_client, publication_states):
    assert text_of(staff_client.get("/en/projects/published/"), "preview-banner") is None


@pytest.mark.django_db
def test_awards_are_newest_first_with_the_icf_story(client):
    make_award(title_en="Smart21 2019", year=2019)
    make_award(title_en="Smart21 2021", year=2021)
    make_award(title_en="Top7 2021", year=2021, level=Award.Level.TOP7)
    make_award(title_en="Community of the Year", year=2023, level=Award.Level.COMMUNITY_OF_THE_YEAR)
    make_award(title_en="Draft", year=2024, publication_status=PublicationStatus.DRAFT)
    response = client.get("/en/awards/")
    assert titles(response, "award") == [
        "Community of the Year",
        "Smart21 2021",
        "Top7 2021",
        "Smart21 2019",
    ]
    # Each year's bar names the levels reached and links to the highest.
    assert text_of(response, "icf-story") == (
        "2019 Smart21 : Smart21 2019 2021 Smart21 + Top7 : Top7 2021 "
        "2023 Top 1 : Community of the Year"
    )
    assert re.findall(r'<a href="([^"]+)" data-testid="icf-bar">', response.content.decode()) == [
        f"/en/awards/{Award.objects.get(title_en=title).slug_en}/"
        for title in ("Smart21 2019", "Top7 2021", "Community of the Year")
    ]


@pytest.mark.django_db
def test_award_entry_marks_vietnamese_fallbacks_and_links_only_a_public_project(client):
    make_award(
        slug="vn",
        year=2022,
        title_vi="Giải <thành phố>",
        title_en="",
        organiser_en="",
        level=Award.Level.TOP7,
        project=make_project(slug="ioc", title_en="Operations centre"),
    )
    make_award(
        slug="en",
        year=2021,
        title_en="Smart21 & more",
        project=make_project(slug="draft", publication_status=PublicationStatus.DRAFT),
    )
    html = markup(client.get("/en/awards/").content.decode())
    vn, en = re.findall(r'<article class="award".*?</article>', html, re.S)
    assert '<h4 dir="auto" lang="vi"><a href="/en/awards/vn/">Giải &lt;thành phố&gt;</a></h4>' in vn
    assert '<span dir="auto" lang="vi">Diễn đàn Cộng đồng thông minh thế giới (ICF)</span>' in vn
    assert '<a href="/en/projects/ioc/" dir="auto">Operations centre</a>' in vn
    assert vn.count("(in Vietnamese, not yet translated)") == 1
    assert (
        markup('<p class="meta">Top7 Intelligent Communities · <span dir="auto" lang="vi">') in vn
    )
    assert '<h4 dir="auto"><a href="/en/awards/en/">Smart21 &amp; more</a></h4>' in en
    assert ("/projects/draft/" in en, "(in Vietnamese" in en) == (False, False)


@pytest.mark.django_db
def test_award_page_shows_where_and_when_announced_its_project_and_sources(client):
    make_award(
        slug="top7-2021",
        title_en="Top7 Intelligent Communities 2021",
        announced_place_en="Rochester, New York",
        announced_date=datetime.date(2022, 2, 25),
        announced_precision="day",
        project=make_project(slug="ioc", title_en="Operations centre"),
        sources=[make_source(headline_en="Binh Duong in the Top7")],
    )
    listed = client.get("/en/awards/").content.decode()
    assert '<a href="/en/awards/top7-2021/">Top7 Intelligent Communities 2021</a>' in listed
    html = client.get("/en/awards/top7-2021/").content.decode()
    assert '<h1 dir="auto">Top7 Intelligent Communities 2021</h1>' in html
    assert '<dt>Announced in</dt><dd dir="auto">Rochester, New York</dd>' in html
    assert '<time datetime="2022-02-25">25 February 2022</time>' in html
    assert '<a href="/en/projects/ioc/" dir="auto">Operations centre</a>' in html
    assert "Binh Duong in the Top7" in html
    assert client.get("/vi/giai-thuong/top7-2021/").status_code == 200


@pytest.mark.django_db
def test_award_history_comes_a_page_at_a_time(client):
    for year in range(2000, 2025):
        make_award(title_en=f"Award of {year}", year=year)
    first = client.get("/en/awards/")
    assert titles(first, "award")[:2] == ["Award of 2024", "Award of 2023"]
    assert len(titles(first, "award")) == 20
    second = client.get("/en/awards/", {"page": 2})
    assert titles(second, "award") == [f"Award of {year}" for year in range(2004, 1999, -1)]
    # A page the history does not have, or a number written otherwise than its links write it.
    statuses = [client.get("/en/awards/", {"page": page}).status_code for page in ("junk", 3, "02")]
    assert statuses == [404, 404, 404]


def test_unknown_or_draft_award_is_404(client, publication_states):
    assert client.get("/en/awards/no-such-award/").status_code == 404
    assert client.get("/en/awards/draft/").status_code == 404


@pytest.mark.django_db
def test_partners_are_grouped_by_kind_with_a_map(client):
    make_partner(name_en="Eindhoven", kind=Partner.Kind.CITY_OR_REGION)
    make_partner(name_en="Becamex IDC", kind=Partner.Kind.COMPANY, latitude=None, longitude=None)
    make_partner(name_en="Ministry", kind=Partner.Kind.AGENCY, latitude=None, longitude=None)
    response = client.get("/en/partners/")
    html = response.content.decode()
    assert re.findall(r'<h2 id="kind-\d">(.*?)</h2>', html) == [
        "Partner city or region",
        "Company",
        "Government agency",
    ]
    assert re.findall(r'<a class="map-label" href="(/[^"]+)"', html) == [
        Partner.objects.get(name_en="Eindhoven").get_absolute_url()
    ]


@pytest.mark.django_db
def test_partner_detail_lists_led_and_joined_projects(client):
    partner = make_partner(slug="becamex")
    make_project(title_en="Led", lead_organisation=partner)
    make_project(title_en="Joined", partners=[partner])
    make_project(title_en="Other")
    assert titles(client.get("/en/partners/becamex/")) == ["Joined", "Led"]


@pytest.mark.django_db
def test_timeline_merges_milestones_and_awards_from_2016(client):
    make_milestone(title_en="Too early", date=datetime.date(2015, 1, 1))
    make_milestone(title_en="Approved", date=datetime.date(2016, 1, 1), date_precision="year")
    make_milestone(
        title_en="Top7",
        kind=Milestone.Kind.AWARD,
        date=datetime.date(2021, 7, 1),
        date_precision="month",
    )
    make_award(title_en="Smart21 2019", year=2019)
    response = client.get("/en/timeline/")
    assert titles(response, "timeline-entry") == ["Approved", "Smart21 2019", "Top7"]
    assert '<time datetime="2021-07">July 2021</time>' in response.content.decode()


@pytest.mark.django_db
def test_timeline_filters_by_kind_and_year(client):
    make_milestone(title_en="Approved", date=datetime.date(2016, 1, 1))
    make_milestone(title_en="Top7", kind=Milestone.Kind.AWARD, date=datetime.date(2021, 7, 1))
    make_award(title_en="Smart21 2021", year=2021)
    make_award(title_en="Smart21 2019", year=2019)
    response = client.get("/en/timeline/?kind=award&year=2021")
    assert titles(response, "timeline-entry") == ["Smart21 2021", "Top7"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["year=99999", "year=abc", "kind=nope", "year=-1&kind="])
def test_timeline_sends_junk_filters_to_the_whole_timeline(client, query):
    make_milestone(title_en="Approved")
    response = client.get(f"/en/timeline/?{query}", follow=True)
    assert (response.redirect_chain, titles(response, "timeline-entry")) == (
        [("/en/timeline/", 302)],
        ["Approved"],
    )


@pytest.mark.django_db
def test_sources_show_outlet_date_link_and_citing_content(client):
    source = make_source(
        outlet="Vietnam+", headline_en="Binh Duong in the Top7", url="https://example.org/a"
    )
    make_project(title_en="Smart Village", sources=[source])
    make_project(title_en="Hidden", sources=[source], publication_status=PublicationStatus.DRAFT)
    html = markup(client.get("/en/sources/").content.decode())
    assert "Vietnam+" in html
    assert '<time datetime="2022-03-13">13 March 2022</time>' in html
    assert (
        '<a class="external" href="https://example.org/a" rel="noopener">'
        "Read the article on Vietnam+</a>" in html
    )
    assert re.findall(r"<li>Project:<a [^>]*>(.*?)</a></li>", html) == ["Smart Village"]


@pytest.mark.django_db
def test_project_page_links_its_partners_awards_and_milestones_marked_when_in_vietnamese(client):
    partner = make_partner(slug="becamex", name_vi="Becamex <IDC>", name_en="")
    project = make_project(slug="ioc", partners=[partner])
    make_award(slug="top7", title_en="Top7 2021", project=project)
    make_milestone(
        title_vi="Khai trương", title_en="", project=project, date=datetime.date(2021, 7, 1)
    )
    html = client.get("/en/projects/ioc/").content.decode()
    assert '<a href="/en/partners/becamex/" dir="auto" lang="vi">Becamex &lt;IDC&gt;</a>' in html
    assert '<a href="/en/awards/top7/" dir="auto">Top7 2021</a>' in html
    assert '<time datetime="2021">2021</time> <span dir="auto" lang="vi">Khai trương</span>' in html


@pytest.mark.django_db
def test_project_page_lists_only_public_links_each_list_in_its_order(client):
    later = timezone.now() + datetime.timedelta(days=1)
    partners = [
        make_partner(name_vi="Zeta", name_en="Zeta city"),
        make_partner(name_vi="Alpha", name_en="Alpha company", kind=Partner.Kind.COMPANY),
        make_partner(name_vi="Beta", name_en="Beta city"),
        make_partner(name_en="Draft partner", publication_status=PublicationStatus.DRAFT),
        make_partner(name_en="Scheduled partner", publish_at=later),
    ]
    themes = [
        make_theme(name_vi="Y tế", name_en="Health"),
        make_theme(name_vi="Giao thông", name_en=""),
    ]
    newer, older = (
        make_source(headline_en=headline, published_date=datetime.date(year, 1, 1))
        for headline, year in (("Newer article", 2023), ("Older article", 2019))
    )
    draft = make_source(headline_en="Draft article", publication_status=PublicationStatus.DRAFT)
    project = make_project(
        slug="ioc", partners=partners, themes=themes, sources=[older, draft, newer]
    )
    for year, day, title in [(2021, None, "Undated 2021"), (2023, None, "2023"), (2021, 5, "May")]:
        make_award(
            title_en=title,
            year=year,
            project=project,
            announced_date=day and datetime.date(year, day, 1),
            announced_precision=day and "month" or "",
        )
    make_award(title_en="Scheduled award", project=project, publish_at=later)
    for month in (9, 3):
        make_milestone(
            title_en=f"Month {month}", date=datetime.date(2020, month, 1), project=project
        )
    make_key_figure(project, label_en="Second", position=2)
    make_key_figure(project, label_en="First", position=1)

    html = markup(client.get("/en/projects/ioc/").content.decode())

    def section(heading):
        return re.search(
            rf"<h2 id=\"{heading}-heading\">.*?</(?:ul|ol|section)>", html, re.S
        ).group()

    def names(heading):
        return re.findall(r"<a [^>]*>([^<]*)</a>", section(heading))

    assert names("partners") == ["Beta city", "Zeta city", "Alpha company"]
    assert names("awards") == ["2023", "May", "Undated 2021"]
    months = re.findall(r'<span dir="auto">(Month \d)</span>', section("timeline"))
    assert months == ["Month 3", "Month 9"]
    assert names("sources")[::2] == ["Newer article", "Older article"]
    figures = re.findall(r'</strong><span dir="auto">(\w+)</span>', section("figures"))
    assert figures == ["First", "Second"]
    assert re.search(r"<dt>Themes</dt><dd>(.*?)</dd>", html).group(1).count("<a ") == 2
    assert re.findall(r'\?theme=[^"]+"[^>]*>([^<]+)<', html) == ["Giao thông", "Health"]
    assert ("Draft" in html, "Scheduled" in html) == (False, False)


@pytest.mark.django_db
def test_project_page_cites_its_sources_escaped_and_marked_when_in_vietnamese(client):
    source = make_source(
        outlet="Báo <Bình Dương>",
        headline_vi="Bình Dương vào Top7",
        headline_en="",
        url="https://example.org/a?x=1&y=2",
    )
    make_project(slug="ioc", sources=[source])
    html = markup(client.get("/en/projects/ioc/").content.decode())
    url = source.get_absolute_url()
    assert (
        markup(
            f'<li id="source-1"><cite dir="auto" lang="vi"><a href="{url}">Bình Dương vào Top7</a>'
            "</cite> — <bdi>Báo &lt;Bình Dương&gt;</bdi>, "
            '<time datetime="2022-03-13">13 March 2022</time>'
            '<span class="source-links"> · '
            '<a class="external" href="https://example.org/a?x=1&amp;y=2" rel="noopener">'
            "Read the article on Báo &lt;Bình Dương&gt;</a></span></li>"
        )
        in html
    )


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="ioc.png")


@pytest.mark.django_db
def test_project_image_is_shown_sized_with_its_alt_text_and_shared(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(slug="ioc", image_alt_vi="Phòng điều hành IOC", image_alt_en="")
    project.image.save("ioc.png", png(64, 48))

    html = markup(client.get("/en/projects/ioc/").content.decode())

    # Made on the server in the image's own width (it is smaller than every size made), as WebP
    # and as JPEG; in the first screen, so not lazy.
    figure = re.search(r'data-testid="project-image">(.*?)</figure>', html).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^" ]+) 64w"', figure).group(1)
    img = re.search(r'<img src="([^"]+)" srcset="([^" ]+) 64w"[^>]*>', figure)
    assert webp.endswith(".webp") and img.group(1).endswith(".jpg")
    attributes = 'alt="Phòng điều hành IOC" lang="vi" width="64" height="48" fetchpriority="high"'
    assert attributes in figure
    for address in (webp, img.group(1)):
        response = client.get(address)
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert (response.status_code, image.size) == (200, (64, 48))
    share = re.search(r'<meta property="og:image" content="http://testserver([^"]+)">', html)
    response = client.get(share.group(1))
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (image.format, image.size) == ("JPEG", (1200, 630))


@pytest.mark.django_db
def test_project_without_image_shows_no_figure(client):
    make_project(slug="ioc")
    html = client.get("/en/projects/ioc/").content.decode()
    main = re.search(r"<main.*</main>", html, re.S).group()
    # No figure; the share image is drawn from the title (tests/public/test_share_images.py).
    assert ("<img" in main, "<picture" in main) == (False, False)


@pytest.mark.django_db
def test_source_detail_lists_what_cites_it(client):
    source = make_source(slug="top7")
    make_award(title_en="Top7 2021", sources=[source])
    html = client.get("/en/sources/top7/").content.decode()
    assert re.findall(r"<li>Award: <a [^>]*>(.*?)</a></li>", html) == ["Top7 2021"]


@pytest.mark.django_db
def test_page_comes_from_admin_content_in_both_languages(client):
    make_page(
        slug="gioi-thieu",
        title_vi="Giới thiệu",
        title_en="About",
        body_vi="Mô hình ba nhà.",
        body_en="The triple helix.",
    )
    assert "<p>The triple helix.</p>" in client.get("/en/pages/gioi-thieu/").content.decode()
    assert "<p>Mô hình ba nhà.</p>" in client.get("/vi/trang/gioi-thieu/").content.decode()


@pytest.mark.django_db
def test_about_page_is_linked_in_the_header_by_its_role(client):
    make_page(slug="tiep-can", position=0, role=Page.Role.ACCESSIBILITY)
    make_page(slug="gioi-thieu", position=1, role=Page.Role.ABOUT)
    html = markup(client.get("/en/").content.decode())
    assert '<li><a href="/en/pages/gioi-thieu/">About</a></li>' in html


@pytest.mark.django_db
def test_header_has_no_about_link_without_an_about_page(client):
    make_page(slug="tiep-can", role=Page.Role.ACCESSIBILITY)
    html = client.get("/en/").content.decode()
    assert ">About</a></li>" not in html


# The page of a draft page, partner and source (fixtures/publication_states.json).
DRAFT_RECORDS = ["/en/pages/draft/", "/en/partners/draft/", "/en/sources/draft/"]


@pytest.mark.parametrize("url", DRAFT_RECORDS)
def test_draft_records_are_404_for_the_public(client, publication_states, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_RECORDS)
def test_draft_records_are_a_preview_for_staff(staff_client, publication_states, url):
    response = staff_client.get(url)
    assert (response.status_code, text_of(response, "preview-banner")) == (
        200,
        "Preview: this content is not public yet. Only staff can see it.",
    )


def entries_of(html, title):
    """{state: (anchor, has the preview badge)} of the entries of a list of awards or of the
    timeline titled "`title` (state)", as fixtures/publication_states.json names them."""
    parts = re.split(r'id="([^"]+)" data-testid="(?:award|timeline-entry)"', html)
    return {
        state.group(1): (anchor, 'data-testid="preview-badge"' in entry)
        for anchor, entry in zip(parts[1::2], parts[2::2], strict=True)
        for state in [re.search(rf"{title} \(([^)]+)\)", entry)]
        if state
    }


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/en/awards/", "Environmental monitoring award"),
        ("/en/timeline/", "First monitoring station installed"),
    ],
    ids=["award", "milestone"],
)
def test_draft_awards_and_milestones_are_a_preview_on_their_list_for_staff(
    staff_client, publication_states, url, title
):
    public_html = Client().get(url).content.decode()
    staff_response = staff_client.get(url)

    assert entries_of(public_html, title) == {
        "published": ("published", False),
        "publication time passed": ("publish-time-passed", False),
    }
    assert entries_of(staff_response.content.decode(), title) == {
        "published": ("published", False),
        "publication time passed": ("publish-time-passed", False),
        "scheduled for 2099": ("scheduled", True),
        "draft": ("draft", True),
        "draft past its publication time": ("draft-time-passed", True),
    }
    assert text_of(staff_response, "preview-badge") == (
        "Preview: not public yet. Only staff can see it."
    )


@pytest.mark.django_db
def test_timeline_anchors_an_award_apart_from_a_milestone_of_the_same_slug(client):
    make_milestone(slug="smart21", title_en="Listed again", date=datetime.date(2020, 1, 1))
    make_award(slug="smart21", title_en="Smart21 2019", year=2019)

    html = client.get("/en/timeline/").content.decode()

    assert re.findall(r'<li id="([^"]+)" data-testid="timeline-entry"', html) == [
        "award-smart21",
        "smart21",
    ]


@pytest.mark.django_db
def test_project_page_says_as_of_when_its_status_is_known_in_each_language(client):
    project = make_project(
        status=Project.Status.IN_PROGRESS,
        status_as_of_date=datetime.date(2023, 12, 1),
        status_as_of_precision="month",
    )

    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            html = client.get(project.get_absolute_url()).content.decode()
        found[language] = re.findall(
            r'<span class="as-of" data-testid="status-as-of">([^<]*)</span>', markup(html)
        )

    assert found == {"vi": ["tính đến tháng 12/2023"], "en": ["as of December 2023"]}
