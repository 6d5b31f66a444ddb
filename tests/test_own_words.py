"""The seed is written in the team's own words: no run of 8 or more consecutive words of a seed
text appears in one of the source articles (../shared/seeds/*.txt, read when present), other than
the names, official titles and quoted headlines allowed below."""

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from programme.seeding import SEED_DIR

# ../shared/seeds beside the checkout (/work/main), or two levels up from a worktree (/work/wt/x).
ARTICLES = next(
    (
        folder / "shared" / "seeds"
        for folder in Path(__file__).resolve().parents[2:4]
        if (folder / "shared" / "seeds").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "seeds",
)
RUN = 8
MARKER = re.compile(r"\[\^[^\]]*\]")

# Names of organisations, projects and offices as the articles spell them, and titles quoted on
# purpose: a run inside one of them is naming, not copying.
ALLOWED = [
    "Diễn đàn Cộng đồng thông minh thế giới",
    "Diễn đàn Hợp tác kinh tế châu Á Horasis",
    "Hiệp hội Đô thị khoa học công nghệ thế giới",
    "Hiệp hội Trung tâm Thương mại Thế giới",
    "Hiệp hội Phần mềm và Dịch vụ công nghệ thông tin Việt Nam",
    "Hiệp hội Phần mềm và Dịch vụ CNTT Việt Nam",
    "Trung tâm Giám sát, điều hành thông minh",
    "Trung tâm Điều hành thành phố thông minh",
    "Trung tâm Thương mại Thế giới Thành phố mới Bình Dương",
    "Trung tâm sản xuất thông minh 4.0",
    "Ban Điều hành thành phố thông minh Bình Dương",
    "Viện Cơ học và Tin học ứng dụng",
    "Chi cục Tiêu chuẩn - Đo lường - Chất lượng",
    "khu thương mại điện tử xuyên biên giới",
    "Đề án Thành phố thông minh Bình Dương",
    "Sở Khoa học và Công nghệ",
    "Bộ Khoa học và Công nghệ",
    "Vùng Kinh tế trọng điểm phía Nam",
    "đường sắt công nghiệp Bàu Bàng - Thị Vải",
    "tuyến metro Bến Thành - Suối Tiên",
    # Name of the VINASA award (bdo-2023-top1).
    "Giải pháp quản lý, điều hành đô thị thông minh",
    "Cộng đồng thông minh của năm",
    # Offices held by the people the articles quote.
    "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
    "Ủy viên Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh",
    "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng đoàn đại biểu Quốc hội tỉnh",
    # Title of the special session at Horasis Asia 2023 (bdo-2023-top1), quoted as a title.
    "Bình Dương - mô hình kiến tạo cộng đồng thông minh hướng đến sẵn sàng đầu tư",
    # Official name of the 2020-2025 traceability scheme (bdo-2022-programme).
    "Triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc",
]
# Source headlines are quoted as published (seeds/README.md).
QUOTED_FIELDS = {("sources.toml", "headline")}


def words(text):
    text = MARKER.sub(" ", unicodedata.normalize("NFC", text).lower())
    kept = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    return kept.split()


def runs(tokens):
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def without_allowed(text):
    """The words of text, with each allowed phrase replaced by a break no run can cross."""
    tokens = words(text)
    for phrase in (words(p) for p in ALLOWED):
        n = len(phrase)
        i = 0
        while i <= len(tokens) - n:
            if tokens[i : i + n] == phrase:
                tokens[i : i + n] = ["\x00"]
            i += 1
    return tokens


def seed_texts():
    """(file, path, text) for every string value in seeds/*.toml."""

    def walk(value, path):
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))

    for file in sorted(SEED_DIR.glob("*.toml")):
        for path, text in walk(tomllib.loads(file.read_text(encoding="utf-8")), ()):
            if (file.name, path[1] if len(path) > 1 else None) not in QUOTED_FIELDS:
                yield file.name, ".".join(map(str, path)), text


def test_words_strips_markers_punctuation_and_case():
    assert words("Vùng ĐỔI mới, sáng-tạo.[^bdo-2022-smart21]") == [
        "vùng",
        "đổi",
        "mới",
        "sáng",
        "tạo",
    ]


def test_without_allowed_breaks_runs_at_an_allowed_title():
    text = "Phiên “Bình Dương - mô hình kiến tạo cộng đồng thông minh hướng đến sẵn sàng đầu tư” mở"

    assert without_allowed(text) == ["phiên", "\x00", "mở"]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the source articles are not present")
def test_seed_texts_share_no_run_of_eight_words_with_an_article():
    article_runs = set()
    for article in sorted(ARTICLES.glob("*.txt")):
        article_runs |= runs(words(article.read_text(encoding="utf-8")))

    copied = [
        f"{file} {path}: {' '.join(run)}"
        for file, path, text in seed_texts()
        for run in sorted(runs(without_allowed(text)) & article_runs)
    ]

    assert copied == []
