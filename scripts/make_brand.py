"""Draws the portal's emblem, wordmarks and icons once; their files are kept in the repository.

    .venv/bin/python scripts/make_brand.py

The wordmark's letters are Be Vietnam Pro's own outlines (programme/fonts/, from the npm package
@expo-google-fonts/be-vietnam-pro, SIL Open Font License), read with fontTools and written as SVG
paths, so that it looks the same wherever it is shown, with no font to load. The emblem: a gold
roof over three rising bars, on the programme's navy. Writes static/img/wordmark-vi.svg,
wordmark-en.svg, icon.svg, and public/favicon.ico, public/apple-touch-icon.png,
static/img/icon-192.png, icon-512.png, icon-maskable-512.png."""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "programme" / "fonts"
NAVY, TEAL, GOLD, WHITE = "#0b3c5d", "#0f7c8c", "#f2b33d", "#ffffff"

# The emblem on a 64 x 64 grid: (x, y, width, height) of the bars, the roof's points.
BARS = ((16, 38, 8, 14), (28, 32, 8, 20), (40, 26, 8, 26))
ROOF = ((12, 26), (32, 11), (52, 26))


def emblem_svg(x=0, y=0, size=64, background=NAVY):
    scale = size / 64
    bars = "".join(
        f'<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" rx="1.5"/>' for bx, by, bw, bh in BARS
    )
    roof = " ".join(f"{px},{py}" for px, py in ROOF)
    return (
        f'<g transform="translate({x} {y}) scale({scale:g})">'
        f'<rect width="64" height="64" rx="13" fill="{background}"/>'
        f'<polyline points="{roof}" fill="none" stroke="{GOLD}" stroke-width="5" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<g fill="{WHITE}">{bars}</g></g>'
    )


def text_path(font, text, x, y, size, tracking=0.0):
    """`text` as one SVG path of the font's outlines, its baseline at (x, y), `size` px high em;
    returns the path data and the width."""
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    cursor = 0.0
    for char in text:
        name = cmap[ord(char)]
        glyph = glyphs[name]
        glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, x + cursor, y)))
        cursor += glyph.width * scale + tracking
    return pen.getCommands(), cursor - tracking


def wordmark(lines, path):
    """The emblem and two lines of capitals: the place, then the programme."""
    bold = TTFont(FONTS / "BeVietnamPro-Bold.ttf")
    regular = TTFont(FONTS / "BeVietnamPro-Regular.ttf")
    top, second = lines
    d1, w1 = text_path(bold, top, 56, 22, 21, tracking=0.6)
    d2, w2 = text_path(regular, second, 56, 40, 11.5, tracking=1.1)
    width = round(56 + max(w1, w2) + 2)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 46" width="{width}" '
        f'height="46">{emblem_svg(0, 1, 44)}'
        f'<path fill="{WHITE}" d="{d1}"/><path fill="{GOLD}" d="{d2}"/></svg>\n'
    )
    path.write_text(svg)
    return width


def emblem_png(size, padding=0.0, background=None):
    """The emblem drawn with Pillow at `size` px (four times larger, then reduced, for smooth
    edges); `padding` leaves room around it, as maskable icons need."""
    big = size * 4
    image = Image.new("RGBA", (big, big), background or (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    inner = big * (1 - 2 * padding)
    offset = big * padding
    unit = inner / 64

    def at(px, py):
        return offset + px * unit, offset + py * unit

    if background is None:
        draw.rounded_rectangle((*at(0, 0), *at(64, 64)), radius=13 * unit, fill=NAVY)
    for bx, by, bw, bh in BARS:
        draw.rounded_rectangle((*at(bx, by), *at(bx + bw, by + bh)), radius=1.5 * unit, fill=WHITE)
    draw.line([at(px, py) for px, py in ROOF], fill=GOLD, width=round(5 * unit), joint="curve")
    for px, py in ROOF:
        r = 2.5 * unit
        cx, cy = at(px, py)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


def main():
    img, public = ROOT / "static" / "img", ROOT / "public"
    public.mkdir(exist_ok=True)
    wordmark(("BÌNH DƯƠNG", "THÀNH PHỐ THÔNG MINH"), img / "wordmark-vi.svg")
    wordmark(("BINH DUONG", "SMART CITY"), img / "wordmark-en.svg")
    (img / "icon.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">{emblem_svg()}</svg>\n'
    )
    emblem_png(48).save(public / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    emblem_png(180, padding=0.1, background=NAVY).convert("RGB").save(
        public / "apple-touch-icon.png", optimize=True
    )
    emblem_png(192).save(img / "icon-192.png", optimize=True)
    emblem_png(512).save(img / "icon-512.png", optimize=True)
    maskable = emblem_png(512, padding=0.18, background=NAVY)
    maskable.save(img / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
