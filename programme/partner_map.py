"""The partner map: partners placed by latitude and longitude on base maps of Natural Earth's
coastlines and borders, projected once by scripts/partner_map/make_maps.mjs (d3-geo's Natural
Earth projection), which also wrote how (partner_map.json). A panel is the world, or an inset
where partners crowd one region; a partner inside an inset's region is labelled there, and
shown on the world map as a dot in the inset's frame.

Each partner's label is a link, laid out here so that no label, dot or frame overlaps another,
at sizes readable on a phone 360 px wide (the sizes the stylesheet gives, section "Partner
map"). A partner with no coordinates, or that finds no room, is listed beside the map; those
in Binh Duong itself are listed under its marker's link."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

FRAMES = json.loads((Path(__file__).parent / "partner_map.json").read_text())

# Binh Duong: Thủ Dầu Một, the province's seat, in GeoNames (geonameid 1565022).
HOME = (10.9804, 106.6519)
# Partners this close to it (in degrees) are in Binh Duong.
HOME_RADIUS = 0.5

# Per panel: the label's font size and the smallest tap target, in the panel's units, for a
# phone 360 px wide (the panel then 328 px wide): 12 px text, 24 px targets.
PANELS = {
    "world": {"title": _("The world"), "font": 35, "target": 70},
    "europe": {"title": _("Europe"), "font": 18, "target": 36},
    "east-asia": {"title": _("East Asia"), "font": 18, "target": 36},
}
INSETS = ("europe", "east-asia")
# Width of a character as a share of the font size: generous for the system fonts.
CHARACTER_WIDTH = 0.6
DOT_RADIUS = {"world": 7, "europe": 5, "east-asia": 5}


def project(frame, latitude, longitude):
    """(x, y) of a point on a panel, as d3-geo's geoNaturalEarth1 with the panel's rotation,
    scale and translation projects it."""
    lam = math.radians((longitude + frame["rotate"] + 180) % 360 - 180)
    phi = math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    tx, ty = frame["translate"]
    return tx + frame["scale"] * x, ty - frame["scale"] * y


def in_box(box, latitude, longitude):
    west, south, east, north = box
    return west <= longitude <= east and south <= latitude <= north


@dataclass
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other):
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )

    @property
    def svg(self):
        """x, y, width and height, rounded, for a rect of the same size."""
        return {
            "x": round(self.left, 1),
            "y": round(self.top, 1),
            "width": round(self.right - self.left, 1),
            "height": round(self.bottom - self.top, 1),
        }

    def inside(self, width, height):
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass
class Label:
    """A link on the map: its text and where it goes, laid out at (x, y) with its anchor."""

    text: str
    url: str
    name: str = ""  # The link's full name, where the text is a short name.
    lang: str = ""
    x: float = 0
    y: float = 0
    anchor: str = "start"  # The text's anchor: start, middle or end.
    side: str = "beside"  # Where the text is of the point (x, y): beside, above or below.
    hit: Box = None
    home: bool = False


@dataclass
class Panel:
    name: str
    title: str
    width: int
    height: int
    image: str
    font: int
    dots: list = field(default_factory=list)
    frames: list = field(default_factory=list)  # insets on the world map: (Box, Label)
    labels: list = field(default_factory=list)


def text_width(text, font):
    return len(text) * font * CHARACTER_WIDTH


def candidates(around, width, height):
    """Where a label of `width` x `height` may go around `around` (a Box: a dot, a frame):
    (text x, text y, anchor, its box), nearest first: right, left, above, below, then the four
    corners."""
    gap = 3
    half = height / 2
    x, y = (around.left + around.right) / 2, (around.top + around.bottom) / 2
    left, right = around.left - gap, around.right + gap
    above, below = around.top - gap, around.bottom + gap
    yield right, y, "start beside", Box(right, y - half, right + width, y + half)
    yield left, y, "end beside", Box(left - width, y - half, left, y + half)
    # Above and below, the text's edge nearest the dot is where the label is (the target
    # reaches further away), so that it stays near when the stylesheet makes it smaller.
    yield x, above, "middle above", Box(x - width / 2, above - height, x + width / 2, above)
    yield x, below, "middle below", Box(x - width / 2, below, x + width / 2, below + height)
    for top, side in ((above - height, "above"), (below, "below")):
        edge = above if side == "above" else below
        yield right, edge, f"start {side}", Box(right, top, right + width, top + height)
        yield left, edge, f"end {side}", Box(left - width, top, left, top + height)


def place(label, around, panel, taken):
    """Lays `label` out beside `around` (a Box), clear of everything `taken`; False when there
    is no room."""
    config = PANELS[panel.name]
    height = max(config["target"], config["font"] * 1.4)
    width = max(config["target"], text_width(label.text, config["font"]) + 8)
    for text_x, text_y, anchor, box in candidates(around, width, height):
        if box.inside(panel.width, panel.height) and not any(box.overlaps(t) for t in taken):
            label.anchor, label.side = anchor.split()
            label.x, label.y, label.hit = round(text_x, 1), round(text_y, 1), box
            taken.append(box)
            return True
    return False


def dot(x, y, radius, *, home=False):
    return {"x": round(x, 1), "y": round(y, 1), "r": radius, "home": home}


def dot_box(x, y, radius):
    return Box(x - radius, y - radius, x + radius, y + radius)


def frame_of(name):
    frame = FRAMES[name]
    return frame, Panel(
        name=name,
        title=PANELS[name]["title"],
        width=frame["width"],
        height=frame["height"],
        image=f"img/partner-map/{name}.svg",
        font=PANELS[name]["font"],
    )


def partner_label(partner):
    short = partner.short_name
    return Label(
        text=short or partner.name,
        url=partner.get_absolute_url(),
        name=f"{partner.name} ({short})" if short else "",
        lang=partner.fallback["name"],
    )


@dataclass
class PartnerMap:
    panels: list
    at_home: list  # Partners in Binh Duong.
    elsewhere: list  # Partners not on the map.

    @property
    def has_partners(self):
        return bool(self.at_home or self.elsewhere) or any(
            not label.home for panel in self.panels for label in panel.labels
        )


def partner_map(partners, *, home_url="#partners-in-binh-duong"):
    """The panels of the map with `partners` laid out on them, and those listed beside it."""
    placed = {name: [] for name in FRAMES}
    at_home, elsewhere = [], []
    for partner in partners:
        if partner.latitude is None or partner.longitude is None:
            elsewhere.append(partner)
            continue
        latitude, longitude = float(partner.latitude), float(partner.longitude)
        if math.dist((latitude, longitude), HOME) <= HOME_RADIUS:
            at_home.append(partner)
            continue
        panel = next((n for n in INSETS if in_box(FRAMES[n]["box"], latitude, longitude)), "world")
        placed[panel].append((latitude, longitude, partner))

    world_frame, world = frame_of("world")
    taken = []
    panels = [world]
    # Binh Duong first: its marker is labelled whatever else the map holds.
    home_x, home_y = project(world_frame, *HOME)
    radius = DOT_RADIUS["world"] + 2
    world.dots.append(dot(home_x, home_y, radius, home=True))
    taken.append(dot_box(home_x, home_y, radius))
    home = Label(text=str(_("Binh Duong")), url=home_url if at_home else "", home=True)
    # The dots of every panel's points, before any label, so that no label covers one.
    points = {}
    for name, entries in placed.items():
        frame = FRAMES[name]
        points[name] = [(*project(frame, lat, lon), partner) for lat, lon, partner in entries]
    for x, y in {(x, y) for x, y, _partner in points["world"]}:
        taken.append(dot_box(x, y, DOT_RADIUS["world"]))
        world.dots.append(dot(x, y, DOT_RADIUS["world"]))
    # The insets' frames on the world map, with the dots of what they hold.
    for name in INSETS:
        if not points[name]:
            continue
        box = FRAMES[name]["box"]
        corners = [project(world_frame, lat, lon) for lat in box[1::2] for lon in box[0::2]]
        frame_box = Box(
            min(x for x, _y in corners) - 4,
            min(y for _x, y in corners) - 4,
            max(x for x, _y in corners) + 4,
            max(y for _x, y in corners) + 4,
        )
        taken.append(frame_box)
        for lat, lon, _partner in placed[name]:
            world.dots.append(dot(*project(world_frame, lat, lon), 4))
        world.frames.append((frame_box, Label(text=str(PANELS[name]["title"]), url=f"#map-{name}")))
    if place(home, dot_box(home_x, home_y, radius), world, taken):
        world.labels.append(home)
    for frame_box, label in world.frames:
        place(label, frame_box, world, taken)
    for name in ("world", *INSETS):
        if name != "world":
            if not points[name]:
                continue
            _frame, panel = frame_of(name)
            panels.append(panel)
            places = {(x, y) for x, y, _partner in points[name]}
            taken = [dot_box(x, y, DOT_RADIUS[name]) for x, y in places]
            panel.dots = [dot(x, y, DOT_RADIUS[name]) for x, y in places]
        else:
            panel = world
        # West to east, then north to south: neighbours are laid out in turn.
        for x, y, partner in sorted(points[name], key=lambda point: (point[0], point[1])):
            label = partner_label(partner)
            if place(label, dot_box(x, y, DOT_RADIUS[name]), panel, taken):
                panel.labels.append(label)
            else:
                elsewhere.append(partner)
    return PartnerMap(panels=panels, at_home=at_home, elsewhere=elsewhere)
