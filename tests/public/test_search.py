"""The site search: Vietnamese with or without diacritics, English on English pages, best
matches first, highlighted safely, odd queries answered, fresh after every admin change, and
the project list's filters combined with words. Every case runs on SQLite and PostgreSQL alike
(`make test` with and without DATABASE_URL), so the seed's cases prove the same records come
back from both."""

import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programme import search_index
from programme.models import Locality, Project
from programme.search import fold, matching
from tests.test_admin import project_form

from ..review.forms import edit_token
from .conftest import url_in
from .content import make_award, make_milestone, make_partner, make_project, make_source
from .markup import markup

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed", stdout=io.StringIO())


def search(client, query, language="vi", **params):
    response = client.get(url_in(language, "search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def results(response):
    """[(kind, URL)] of the results of a page, best first."""
    return re.findall(
        r'data-testid="search-result" data-kind="(\w+)">\s*<h3[^>]*>\s*<a href="([^"]+)">',
        response.content.decode(),
    )


def found(response):
    """The URLs of the results of a page, best first."""
    return [url for _kind, url in results(response)]


def titles(response):
    """The highlighted titles of the results of a page, as it shows them."""
    return re.findall(r"<h3[^>]*>\s*<a [^>]+>(.*?)</a>\s*</h3>", response.content.decode())


def total(response):
    """The number of results the page announces."""
    html = response.content.decode()
    summary = re.search(r'data-testid="search-summary">\s*(\d+) ', html)
    return int(summary.group(1)) if summary else None


def counts(response):
    """{kind: number of results} from the chips that narrow the results to one kind."""
    html = response.content.decode()
    chips = re.findall(r'data-testid="search-kind-(\w+)">[^<]*\((\d+)\)\s*</a>', html)
    return {kind: int(count) for kind, count in chips}


def snippets(response):
    html = response.content.decode()
    pattern = r'data-testid="search-result"[^>]*>.*?</h3>.*?<p>(.*?)</p>'
    return [extract.strip() for extract in re.findall(pattern, html, re.S)]


def cards(response):
    """The slugs of the project cards of a project list."""
    return re.findall(
        r'data-testid="project-card">\s*<h\d[^>]*><a href="/\w+/[^/]+/([^/]+)/">',
        response.content.decode(),
    )


def test_search_path_is_translated():
    assert (url_in("vi", "search"), url_in("en", "search")) == ("/vi/tim-kiem/", "/en/search/")


def test_search_ignores_case_and_diacritics_on_the_seed(client, seeded):
    pages = {
        query: (found(response), counts(response))
        for query in ("thong minh", "THÔNG MINH", "thông minh", "Thông  Minh", "THONG MINH")
        for response in [search(client, query)]
    }

    assert all(page == pages["thông minh"] for page in pages.values())
    assert counts(search(client, "thong minh")) == {
        "projects": 10,
        "awards": 7,
        "partners": 10,
        "milestones": 12,
        "sources": 4,
    }
    assert titles(search(client, "thong minh", kind="projects"))[:4] == [
        "Khu công nghiệp <mark>thông</mark> <mark>minh</mark> – sinh thái",
        "Làng <mark>thông</mark> <mark>minh</mark>",
        "Trung tâm Giám sát, điều hành <mark>thông</mark> <mark>minh</mark> (IOC) Bình Dương",
        "Trung tâm sản xuất <mark>thông</mark> <mark>minh</mark> 4.0",
    ]


def test_search_finds_d_with_stroke_from_plain_d_on_the_seed(client, seeded):
    response = search(client, "dong", kind="partners")

    assert "Trường Đại học Quốc tế Miền <mark>Đông</mark>" in titles(response)
    assert (found(response), counts(response)) == (
        found(search(client, "Đông", kind="partners")),
        counts(search(client, "Đông")),
    )


def test_search_finds_thu_dau_mot_typed_without_diacritics_on_the_seed(client, seeded):
    response = search(client, "Thu Dau Mot")

    assert titles(search(client, "Thu Dau Mot", kind="milestones"))[0] == (
        "Thí điểm GIS 3D và mô hình thành phố 3D ở "
        "<mark>Thủ</mark> <mark>Dầu</mark> <mark>Một</mark> (kế hoạch năm 2022)"
    )
    assert found(search(client, "Thu Dau Mot", kind="projects"))[:2] == [
        url_in(
            "vi", "project-detail", slug="he-thong-gis-co-so-du-lieu-nganh-va-mo-hinh-thanh-pho-3d"
        ),
        url_in(
            "vi", "project-detail", slug="trung-tam-giam-sat-dieu-hanh-thong-minh-ioc-binh-duong"
        ),
    ]
    assert (found(response), counts(response)) == (
        found(search(client, "thủ dầu một")),
        counts(search(client, "thủ dầu một")),
    )


def test_search_in_english_finds_english_text_on_english_pages(client, seeded):
    english = search(client, "operations center", "en")
    vietnamese = search(client, "operations center", "vi")

    assert titles(search(client, "operations center", "en", kind="projects")) == [
        "Binh Duong Intelligent <mark>Operations</mark> <mark>Center</mark> (IOC)"
    ]
    assert (total(english), total(vietnamese)) == (2, 0)


def test_search_in_english_finds_a_record_without_english_by_its_vietnamese(
    client, one_of_every_kind, english_fallbacks
):
    response = search(client, "nong trai", "en")

    assert results(response) == [("projects", "/en/projects/nong-trai-thong-minh-bau-bang/")]
    html = response.content.decode()
    title = (
        r'<h3 dir="auto" lang="vi">\s*'
        r'<a href="/en/projects/nong-trai-thong-minh-bau-bang/">(.*?)</a>'
    )
    assert re.findall(title, html) == ["<mark>Nông</mark> <mark>trại</mark> thông minh Bàu Bàng"]


def test_search_ranks_a_title_match_above_a_body_match(client):
    make_project(
        slug="parking",
        title_vi="Bãi đỗ xe",
        title_en="Car park",
        summary_vi="Có một trạm sạc cho xe điện.",
        summary_en="With a charging station for electric cars.",
    )
    make_project(
        slug="charging",
        title_vi="Trạm sạc xe điện",
        title_en="Charging stations",
        summary_vi="Ở khắp tỉnh.",
        summary_en="Across the province.",
    )

    assert found(search(client, "tram sac")) == [
        "/vi/du-an/charging/",
        "/vi/du-an/parking/",
    ]
    assert found(search(client, "charging", "en")) == [
        "/en/projects/charging/",
        "/en/projects/parking/",
    ]


def test_search_ranks_the_whole_query_in_a_title_first(client):
    make_project(slug="words-apart", title_vi="Một thành phố ở Thủ Dầu", title_en="")
    make_project(slug="phrase", title_vi="Thủ Dầu Một thông minh", title_en="")

    assert found(search(client, "thu dau mot")) == [
        "/vi/du-an/phrase/",
        "/vi/du-an/words-apart/",
    ]


def test_search_lists_every_kind_of_record_with_links_to_their_pages(client):
    project = make_project(slug="eindhoven-lab", title_vi="Phòng thí nghiệm Eindhoven")
    partner = make_partner(slug="eindhoven", name_vi="Thành phố Eindhoven")
    award = make_award(slug="eindhoven-award", title_vi="Giải thưởng Eindhoven")
    milestone = make_milestone(slug="eindhoven-visit", title_vi="Thăm Eindhoven")
    source = make_source(slug="eindhoven-news", headline_vi="Tin từ Eindhoven")

    response = search(client, "eindhoven")

    # Every title has the word: in the byte order of the folded titles.
    assert results(response) == [
        ("awards", "/vi/giai-thuong/eindhoven-award/"),
        ("projects", project.get_absolute_url()),
        ("milestones", "/vi/dong-thoi-gian/#eindhoven-visit"),
        ("partners", partner.get_absolute_url()),
        ("sources", source.get_absolute_url()),
    ]
    assert (award.get_absolute_url(), milestone.get_absolute_url()) == (
        "/vi/giai-thuong/eindhoven-award/",
        "/vi/dong-thoi-gian/#eindhoven-visit",
    )
    assert re.findall(r'<p class="meta">(.*?)</p>', response.content.decode()) == [
        "Giải thưởng · 2020",
        "Dự án · đã đi vào vận hành",
        "Cột mốc · 2016",
        "Đối tác · thành phố, vùng đối tác",
        "Nguồn · Báo Bình Dương · 13/3/2022",
    ]


def test_search_finds_only_published_records(client, publication_states):
    # Every title in fixtures/publication_states.json has "quan trắc": the published ones and
    # those whose publication time has passed are found, of every kind but pages (not searched);
    # drafts and the records scheduled for 2099 are not.
    assert found(search(client, "quan trac")) == [
        "/vi/giai-thuong/published/",
        "/vi/giai-thuong/publish-time-passed/",
        "/vi/dong-thoi-gian/#published",
        "/vi/dong-thoi-gian/#publish-time-passed",
        "/vi/nguon/published/",
        "/vi/nguon/publish-time-passed/",
        "/vi/du-an/published/",
        "/vi/du-an/publish-time-passed/",
        "/vi/doi-tac/published/",
        "/vi/doi-tac/publish-time-passed/",
    ]


def test_search_snippet_shows_the_matched_words_of_the_body(client):
    make_project(
        slug="metro",
        title_vi="Tuyến metro",
        summary_vi="Nối Bến Thành với Suối Tiên.",
        body_vi="Đoạn đầu.\n\nĐoạn sau nói về nhà ga Dĩ An và các khu dân cư quanh đó.",
    )

    response = search(client, "di an")

    assert snippets(response) == [
        "Đoạn đầu. Đoạn sau nói về nhà ga <mark>Dĩ</mark> <mark>An</mark> "
        "và các khu dân cư quanh đó."
    ]


def test_search_snippet_of_markdown_shows_its_text_without_markup(client):
    make_project(
        slug="charging",
        title_vi="Xe điện",
        summary_vi="Tóm tắt.",
        body_vi="## Trạm\n\nCó **trạm sạc** và [bản đồ](https://example.com/tram).<script>x</script>",
    )

    assert snippets(search(client, "tram sac")) == [
        "<mark>Trạm</mark> Có <mark>trạm</mark> <mark>sạc</mark> và bản đồ."
    ]


def test_search_highlights_text_written_with_combining_diacritics(client):
    # "Thủ Dầu Một" typed as letters followed by combining marks (NFD), as some keyboards do.
    make_project(slug="nfd", title_vi=unicodedata.normalize("NFD", "Ở Thủ Dầu Một"))

    response = search(client, "dau mot")

    assert titles(response) == [
        unicodedata.normalize("NFD", "Ở Thủ <mark>Dầu</mark> <mark>Một</mark>")
    ]


def test_search_escapes_html_from_content_and_query(client):
    make_project(
        slug="xss",
        title_vi='Dự án <script>alert("tiêu đề")</script>',
        summary_vi="<img src=x onerror=alert(1)> tóm tắt",
    )

    html = search(client, '<script>alert("x")</script> tóm').content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert (
        "Dự án &lt;<mark>script</mark>&gt;<mark>alert</mark>(&quot;tiêu đề&quot;)"
        "&lt;/<mark>script</mark>&gt;"
    ) in html
    assert "&lt;img src=x onerror=<mark>alert</mark>(1)&gt; <mark>tóm</mark> tắt" in html
    assert (
        'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; tóm"' in html
    )  # the query, back in the search box


ODD_QUERIES = [
    ("", "Nhập một hoặc hai từ."),
    ("a", "Hãy nhập ít nhất một từ có hai chữ cái hoặc chữ số trở lên."),
    ("!!! ??? ... ---", "Hãy nhập ít nhất một từ có hai chữ cái hoặc chữ số trở lên."),
    ("%_%", "Hãy nhập ít nhất một từ có hai chữ cái hoặc chữ số trở lên."),
    ("🏙️🚇✨", "Hãy nhập ít nhất một từ có hai chữ cái hoặc chữ số trở lên."),
    ("\x00\x01\x1f", "Nhập một hoặc hai từ."),
    ("'; DROP TABLE programme_project; --", "Không có kết quả nào chứa đủ mọi từ."),
    ("<b>đậm</b>", "Không có kết quả nào chứa đủ mọi từ."),
    ("Bình Dương 智慧城市 смарт", "Không có kết quả nào chứa đủ mọi từ."),
]


@pytest.mark.parametrize(("query", "message"), ODD_QUERIES)
def test_search_answers_odd_queries_with_a_message(client, query, message):
    make_project(slug="kept", title_vi="Dự án Bình Dương")

    response = search(client, query)

    assert found(response) == []
    assert message in response.content.decode()
    assert Project.objects.count() == 1


def test_search_cuts_a_long_query_and_says_so(client):
    make_project(slug="smart", title_vi="Thành phố thông minh")

    response = search(client, "thông minh " * 100)

    assert found(response) == ["/vi/du-an/smart/"]
    # 18 times "thông minh " and "th": 200 characters, searched as the words thong, minh, th.
    assert f'value="{"thông minh " * 18}th"' in response.content.decode()
    assert "Chỉ 200 ký tự đầu tiên được dùng để tìm." in response.content.decode()


def test_search_leaves_out_one_letter_words_and_words_past_the_eighth(client):
    make_project(slug="smart", title_vi="Thành phố thông minh tỉnh Bình Dương, Việt Nam")

    response = search(client, "x thanh pho thong minh a b c d e f g h i j k l m n o p q r")
    # The ninth word is nowhere, but only the first eight count.
    many = search(client, "thanh pho thong minh tinh binh duong viet khong")

    assert found(response) == ["/vi/du-an/smart/"]
    assert "Các từ chỉ có một chữ cái đã được bỏ qua." in response.content.decode()
    assert found(many) == ["/vi/du-an/smart/"]
    assert "Chỉ 8 từ đầu tiên được dùng để tìm." in many.content.decode()


def test_search_drops_nul_and_control_characters(client):
    make_project(slug="smart", title_vi="Thành phố thông minh")

    response = search(client, "thông\x00minh\x07")

    assert found(response) == ["/vi/du-an/smart/"]
    assert 'value="thông minh"' in response.content.decode()


def test_search_shows_ten_a_page_with_the_total_and_a_link_to_all_projects(client):
    for n in range(12):
        make_project(slug=f"village-{n:02}", title_vi=f"Làng số {n:02}")

    first, second = search(client, "lang"), search(client, "lang", page=2)

    assert found(first) == [f"/vi/du-an/village-{n:02}/" for n in range(10)]
    assert found(second) == ["/vi/du-an/village-10/", "/vi/du-an/village-11/"]
    html = markup(first.content.decode())
    assert '<h2 id="results-heading">Tất cả các loại (12)</h2>' in html
    assert 'href="?q=lang&amp;page=2" rel="next">Trang sau</a>' in html
    assert 'href="?q=lang&amp;page=1" rel="prev">Trang trước</a>' in second.content.decode()
    assert '<ol class="search-results" start="11">' in second.content.decode()
    assert f'href="{url_in("vi", "project-list")}?q=lang" data-testid="all-projects"' in html


def test_search_answers_404_for_a_junk_or_too_high_page_number(client):
    for n in range(12):
        make_project(slug=f"village-{n:02}", title_vi=f"Làng số {n:02}")
    pages = [found(search(client, "lang")), found(search(client, "lang", page=2))]

    statuses = [
        client.get(url_in("vi", "search"), {"q": "lang", "page": page}).status_code
        for page in ("abc", "3", "99", "-1", "0", "02")
    ]

    assert ([len(page) for page in pages], statuses) == ([10, 2], [404] * 6)
    assert sorted(pages[0] + pages[1]) == sorted(f"/vi/du-an/village-{n:02}/" for n in range(12))


def test_search_narrows_to_one_kind_and_counts_every_kind(client):
    for n in range(12):
        make_project(slug=f"cang-{n:02}", title_vi=f"Cảng cạn số {n:02}")
    make_award(slug="cang-award", title_vi="Giải thưởng cảng cạn")
    make_partner(slug="cang-partner", name_vi="Cảng cạn Sóng Thần")

    everything = search(client, "cang can")
    awards = search(client, "cang can", kind="awards")
    projects = search(client, "cang can", kind="projects", page=2)

    assert counts(everything) == counts(awards) == {"projects": 12, "awards": 1, "partners": 1}
    assert total(everything) == total(awards) == 14
    assert results(awards) == [("awards", "/vi/giai-thuong/cang-award/")]
    assert found(projects) == ["/vi/du-an/cang-10/", "/vi/du-an/cang-11/"]
    html = markup(awards.content.decode())
    assert '<h2 id="results-heading">Giải thưởng (1)</h2>' in html
    assert (
        '<a href="?q=cang%20can&amp;kind=awards" aria-current="page" '
        'data-testid="search-kind-awards">Giải thưởng (1)</a>'
    ) in html
    assert 'href="?q=cang%20can&amp;kind=projects&amp;page=1" rel="prev"' in (
        projects.content.decode()
    )


@pytest.mark.parametrize("kind", ["pages", "PROJECTS", "milestones", "projects\x00"])
def test_search_sends_an_unknown_kind_or_one_without_results_to_every_kind(client, kind):
    make_project(slug="smart", title_vi="Thành phố thông minh")
    make_award(slug="smart-award", title_vi="Giải thành phố thông minh")
    address = url_in("vi", "search")

    response = client.get(address, {"q": "thong minh", "kind": kind}, follow=True)

    assert response.redirect_chain == [(f"{address}?q=thong%20minh", 302)]
    assert found(response) == found(search(client, "thong minh"))
    assert len(found(response)) == 2
    assert '<h2 id="results-heading">Tất cả các loại (2)</h2>' in markup(response.content.decode())


def test_search_with_an_empty_kind_shows_every_kind(client):
    make_project(slug="smart", title_vi="Thành phố thông minh")
    make_award(slug="smart-award", title_vi="Giải thành phố thông minh")

    response = search(client, "thong minh", kind="")

    assert found(response) == found(search(client, "thong minh"))
    assert '<h2 id="results-heading">Tất cả các loại (2)</h2>' in markup(response.content.decode())


def test_search_page_has_its_title_canonical_and_keeps_the_query_across_languages(client):
    html = search(client, "thông minh").content.decode()

    assert "<title>Tìm kiếm: thông minh | Thành phố thông minh Bình Dương</title>" in html
    assert '<link rel="canonical" href="http://testserver/vi/tim-kiem/">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/en/search/?q=th%C3%B4ng+minh" hreflang="en"' in html


def test_every_page_has_the_search_box(client):
    html = client.get(url_in("en", "home")).content.decode()

    assert '<form class="site-search" role="search" method="get" action="/en/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">Search the site</label>' in html


def test_search_finds_a_project_published_through_the_admin_at_once(client, publisher):
    client.force_login(publisher)
    client.post(
        reverse("admin:programme_project_add"), project_form(publication_status="published")
    )
    client.logout()

    assert found(search(client, "lang thong minh")) == ["/vi/du-an/lang-thong-minh/"]
    assert found(search(client, "smart village", "en")) == ["/en/projects/smart-village/"]


def test_search_follows_edits_and_unpublishing_in_the_admin(client, publisher):
    project = make_project(slug="lang-thong-minh", title_vi="Làng thông minh", title_en="")
    change = reverse("admin:programme_project_change", args=[project.pk])
    changelist = reverse("admin:programme_project_changelist")
    client.force_login(publisher)

    client.post(
        change,
        project_form(
            title_vi="Làng số Tân Uyên",
            summary_vi="Tóm tắt.",
            slug=project.slug,
            publication_status="published",
            edit_token=edit_token(client, change),
            **{"key_figures-TOTAL_FORMS": "0"},
        ),
    )
    client.logout()
    after_edit = (found(search(client, "tan uyen")), found(search(client, "lang thong")))
    client.force_login(publisher)
    client.post(changelist, {"action": "unpublish", "_selected_action": [project.pk]})
    client.logout()

    assert after_edit == (["/vi/du-an/lang-thong-minh/"], [])
    assert found(search(client, "tan uyen")) == []


def test_search_finds_generated_copies(client, seeded):
    call_command("generate_content", copies=2, stdout=io.StringIO())

    assert titles(search(client, "lang thong minh", kind="projects")) == [
        "<mark>Làng</mark> <mark>thông</mark> <mark>minh</mark>",
        "<mark>Làng</mark> <mark>thông</mark> <mark>minh</mark> (1)",
        "<mark>Làng</mark> <mark>thông</mark> <mark>minh</mark> (2)",
    ]


def test_project_list_combines_words_with_the_filters(client):
    make_project(slug="smart-running", title_en="Smart parking", status="operational")
    make_project(slug="smart-planned", title_en="Smart lighting", status="planned")
    make_project(slug="other-running", title_en="Water supply", status="operational")

    response = client.get(url_in("en", "project-list"), {"q": "SMART", "status": "operational"})
    words_only = client.get(url_in("en", "project-list"), {"q": "smart"})

    assert cards(response) == ["smart-running"]
    assert cards(words_only) == ["smart-planned", "smart-running"]
    assert "1 project · status: operational · words: “SMART”" in markup(response.content.decode())


def test_project_list_keeps_the_words_in_its_page_links(client):
    for n in range(13):
        make_project(slug=f"smart-{n:02}", title_en=f"Smart thing {n:02}")

    html = client.get(url_in("en", "project-list"), {"q": "smart thing"}).content.decode()

    assert 'href="?q=smart%20thing&amp;page=2" rel="next"' in html


@pytest.mark.django_db(transaction=True)
def test_migrations_fill_the_search_index_with_existing_records(client):
    before = ("programme", "0003_page_role_project_image_size")
    call_command("migrate", *before, verbosity=0)
    old_apps = MigrationLoader(connection).project_state(before).apps
    old_apps.get_model("programme", "Project").objects.create(
        slug="old", title_vi="Làng thông minh", summary_vi="Có từ trước.", status="planned",
        publication_status="published",
    )  # fmt: skip
    old_apps.get_model("programme", "Award").objects.create(
        slug="old-award", title_vi="Giải làng thông minh", organiser_vi="ICF", level="smart21",
        year=2020, publication_status="published",
    )  # fmt: skip

    call_command("migrate", verbosity=0)

    assert found(search(client, "lang thong minh")) == [
        "/vi/giai-thuong/old-award/",
        "/vi/du-an/old/",
    ]


@pytest.mark.django_db(transaction=True)
def test_migrating_back_before_the_search_index_fills_the_models_search_columns_again():
    make_award(slug="award", title_vi="Giải làng thông minh", title_en="Smart village award")
    before = ("programme", "0005_markdown_help_and_image_checks")

    call_command("migrate", *before, verbosity=0)
    old_apps = MigrationLoader(connection).project_state(before).apps
    award = old_apps.get_model("programme", "Award").objects.get(slug="award")
    call_command("migrate", verbosity=0)

    assert (award.search_title_vi, award.search_text_en) == (
        " giai lang thong minh ",
        " smart village award intelligent community forum icf ",
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_search_uses_the_trigram_index_on_postgresql():
    make_project(slug="smart", title_vi="Làng thông minh")
    # All projects: on published() ones the planner may as well start from another index.
    queryset = matching(Project.objects.all(), ["lang", "thong"], "vi")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "programme_project_vi_trgm" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_search_index_uses_its_trigram_index_on_postgresql():
    make_project(slug="smart", title_vi="Làng thông minh")
    with CaptureQueriesContext(connection) as queries:
        search_index.find(["lang", "thong"], "vi")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "programme_searchentry_vi_trgm" in plan


def every_page(client, address, params, pattern):
    """What `pattern` finds on every page of a paged list."""
    matches, page = [], 1
    while True:
        html = client.get(address, {**params, "page": page}).content.decode()
        matches += re.findall(pattern, html)
        if f"page={page + 1}" not in html:
            return matches
        page += 1


CARD = r'data-testid="project-card">\s*<h\d[^>]*><a href="([^"]+)"'
RESULT = r'data-testid="search-result" data-kind="\w+">\s*<h3[^>]*>\s*<a href="([^"]+)"'


def naming_projects(name, language):
    """The addresses of the published projects whose title, summary or body names `name`."""
    with translation.override(language):
        return {
            project.get_absolute_url()
            for project in Project.objects.published()
            if fold(name)
            in fold(
                " ".join(getattr(project, f"{f}_{language}") for f in ("title", "summary", "body"))
            )
        }


def test_locality_filter_and_search_agree_on_the_seeded_projects_of_each_place(client, seeded):
    """A project whose title, summary or body names a place (Thủ Dầu Một, Dĩ An, Binh Duong New
    City...) is linked to it: the project list filtered on the place shows it, as the search for
    the place's name finds it."""
    disagreements = {}
    for locality in Locality.objects.exclude(kind=Locality.Kind.PROVINCE):
        for language in ("vi", "en"):
            name = getattr(locality, f"name_{language}")
            naming = naming_projects(name, language)
            filtered = every_page(
                client,
                url_in(language, "project-list"),
                {"locality": locality.slug_in(language)},
                CARD,
            )
            searched = every_page(
                client, url_in(language, "search"), {"q": name, "kind": "projects"}, RESULT
            )
            if not naming <= set(filtered) or not naming <= set(searched):
                disagreements[f"{locality.seed_key} ({language})"] = sorted(naming - set(filtered))

    assert disagreements == {}
    # The case reported in issue 24: the filter on Thủ Dầu Một showed only the GIS project.
    thu_dau_mot = Locality.objects.get(seed_key="thu-dau-mot")
    assert sorted(
        Project.objects.filter(localities=thu_dau_mot).values_list("seed_key", flat=True)
    ) == [
        "gis-3d-city-model",
        "ioc",
    ]
