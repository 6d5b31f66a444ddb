"""Project images uploaded through the admin: only real JPEG, PNG or WebP images, judged by their
content, within the size and dimension limits, stored under a random name with the extension of
their format."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programme.models import Project
from tests.review.forms import edit_token
from tests.test_admin import project_form


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_file(name, size=(40, 30), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 74, 125)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, file, language="en", url=None):
    return client.post(
        url or reverse("admin:programme_project_add"),
        project_form(
            image=file,
            image_alt_vi="Phòng điều hành",
            image_alt_en="Control room",
            publication_status="draft",
        ),
        HTTP_ACCEPT_LANGUAGE=language,
    )


def image_errors(response):
    return response.context["adminform"].form.errors.get("image")


@pytest.mark.django_db
def test_upload_of_a_real_png_is_stored_with_its_size(client, publisher, media):
    client.force_login(publisher)

    response = upload(client, image_file("photo.png"))

    assert response.status_code == 302
    project = Project.objects.get()
    assert (random_name(project.image.name), project.image_width, project.image_height) == (
        ".png",
        40,
        30,
    )
    assert (media / project.image.name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def random_name(name):
    """The extension of `name` if it is projects/ and 32 random hex digits, else the name."""
    match = re.fullmatch(r"projects/[0-9a-f]{32}(\.\w+)", name)
    return match.group(1) if match else name


@pytest.mark.django_db
def test_upload_gets_the_extension_of_its_content_whatever_its_name(client, publisher, media):
    client.force_login(publisher)

    upload(client, image_file("report.pdf", image_format="JPEG"))
    upload(client, image_file("photo.png", image_format="WEBP"))

    names = sorted(Project.objects.values_list("image", flat=True), key=lambda name: name[-4:])
    assert [random_name(name) for name in names] == [".jpg", ".webp"]
    image = client.get(f"/media/{names[0]}")
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")


@pytest.mark.django_db
def test_uploads_of_the_same_name_get_different_unguessable_names(client, publisher, media):
    client.force_login(publisher)

    upload(client, image_file("photo.png"))
    upload(client, image_file("photo.png"))

    first, second = Project.objects.values_list("image", flat=True)
    assert (random_name(first), random_name(second), first == second) == (".png", ".png", False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"This is text, not a picture."),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("photo.jpg", b"<!doctype html><script>alert(1)</script>"),
    ],
    ids=["text", "svg", "html"],
)
def test_upload_that_is_not_an_image_is_refused_whatever_its_name(
    client, publisher, media, name, content
):
    client.force_login(publisher)

    response = upload(client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert image_errors(response) == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert (Project.objects.count(), list(media.iterdir())) == (0, [])


@pytest.mark.django_db
def test_upload_of_an_image_in_another_format_is_refused_by_its_content(client, publisher, media):
    client.force_login(publisher)

    response = upload(client, image_file("photo.png", image_format="GIF"))

    assert image_errors(response) == [
        "This image is in GIF format; upload a JPEG, PNG or WebP image."
    ]
    assert Project.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_upload_of_jpeg_and_webp_is_accepted(client, publisher, media, image_format):
    client.force_login(publisher)

    response = upload(client, image_file("photo.img.jpg", image_format=image_format))

    extension = {"JPEG": ".jpg", "WEBP": ".webp"}[image_format]
    assert (response.status_code, random_name(Project.objects.get().image.name)) == (
        302,
        extension,
    )


@pytest.mark.django_db
def test_upload_larger_than_the_limit_is_refused(client, publisher, media, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    client.force_login(publisher)
    file = image_file("photo.png")

    response = upload(client, file)

    assert image_errors(response) == [
        f"This image is {file.size}\xa0bytes; an image may be at most 100\xa0bytes."
    ]


@pytest.mark.django_db
def test_upload_with_too_many_pixels_is_refused_in_the_staff_language(
    client, publisher, media, settings
):
    settings.IMAGE_UPLOAD_MAX_SIDE = 32
    client.force_login(publisher)

    responses = [upload(client, image_file("photo.png"), language=code) for code in ("en", "vi")]

    assert [image_errors(response) for response in responses] == [
        ["This image is 40×30 pixels; an image may be at most 32 pixels wide and 32 pixels high."],
        ["Ảnh này có kích thước 40×30 điểm ảnh; ảnh chỉ được rộng và cao tối đa 32 điểm ảnh."],
    ]


@pytest.mark.django_db
def test_image_stored_before_a_lower_limit_does_not_block_editing(
    client, publisher, media, settings
):
    client.force_login(publisher)
    upload(client, image_file("photo.png"))
    project = Project.objects.get()
    stored = project.image.name
    settings.IMAGE_UPLOAD_MAX_SIDE = 10
    settings.IMAGE_UPLOAD_MAX_BYTES = 10

    change = reverse("admin:programme_project_change", args=[project.pk])
    response = client.post(
        change,
        project_form(
            title_en="Smart Village, renamed",
            image_alt_vi="Phòng điều hành",
            publication_status="draft",
            slug=project.slug,
            edit_token=edit_token(client, change),
            **{"key_figures-TOTAL_FORMS": "0"},
        ),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_en, project.image.name) == ("Smart Village, renamed", stored)


@pytest.mark.django_db
def test_image_saved_by_code_gets_a_random_name_of_its_format(media):
    from django.core.files.base import ContentFile

    from tests.public.content import make_project

    project = make_project()
    project.image.save("scan.pdf", ContentFile(image_file("x", image_format="JPEG").read()))

    assert random_name(project.image.name) == ".jpg"
