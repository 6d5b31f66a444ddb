"""/media/ serves only the files records refer to, and the sizes made of them, as what they are:
an image to show, anything else to save, never a page of the site's own origin; any other name is
404, and a path that climbs out of the folder is logged in one line, without a traceback."""

import io
import logging
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from programme.models import Project
from tests.public.content import make_project

MEDIA_CSP = "default-src 'none'; sandbox"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (11, 74, 125)).save(buffer, "PNG")
    return buffer.getvalue()


def headers(response):
    return {
        name: response.get(name)
        for name in (
            "Content-Type",
            "X-Content-Type-Options",
            "Content-Security-Policy",
            "Content-Disposition",
        )
    }


@pytest.mark.django_db
def test_an_image_a_record_refers_to_is_served_as_an_image_in_a_sandbox(client, media):
    project = make_project()
    project.image.save("photo.png", ContentFile(png()))

    response = client.get(f"/media/{project.image.name}")

    assert response.status_code == 200
    assert headers(response) == {
        "Content-Type": "image/png",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": MEDIA_CSP,
        "Content-Disposition": f'inline; filename="{project.image.name.split("/")[-1]}"',
    }
    assert b"".join(response.streaming_content) == png()


@pytest.mark.django_db
def test_a_size_made_of_a_referenced_image_is_served_and_one_of_no_record_is_not(client, media):
    project = make_project()
    project.image.save("photo.png", ContentFile(png()))
    page = client.get(project.get_absolute_url()).content.decode()
    made = re.search(r'src="/media/(CACHE/images/[^"]+\.jpg)"', page).group(1)
    stray = media / "CACHE" / "images" / "projects" / "not-a-record" / "x.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes((media / made).read_bytes())

    response = client.get(f"/media/{made}")
    stray_response = client.get("/media/CACHE/images/projects/not-a-record/x.jpg")

    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert stray_response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<script>alert(document.cookie)</script>"),
        ("script.js", b"alert(1)"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_a_file_no_record_refers_to_is_404_whatever_it_holds(client, media, name, content):
    make_project()
    (media / name).write_bytes(content)

    response = client.get(f"/media/{name}")

    assert (response.status_code, headers(response)) == (
        404,
        {
            "Content-Type": "text/plain; charset=utf-8",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": MEDIA_CSP,
            "Content-Disposition": None,
        },
    )


@pytest.mark.django_db
def test_a_referenced_file_that_is_not_an_image_is_sent_to_save_never_to_show(client, media):
    """A file that reached a record's field by other means than the form's checks (a restored
    backup, code) is served as bytes, whatever its name says."""
    (media / "projects").mkdir()
    (media / "projects" / "page.html").write_bytes(b"<script>alert(1)</script>")
    project = make_project()
    Project.objects.filter(pk=project.pk).update(image="projects/page.html")

    response = client.get("/media/projects/page.html")

    assert (response.status_code, headers(response)) == (
        200,
        {
            "Content-Type": "application/octet-stream",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": MEDIA_CSP,
            "Content-Disposition": 'attachment; filename="page.html"',
        },
    )


@pytest.mark.django_db
def test_a_path_out_of_the_media_folder_is_404_and_logged_in_one_line(client, media, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/media/../../portal/settings.py")
        encoded = client.get("/media/..%2F..%2Fportal%2Fsettings.py")

    logged = [(record.getMessage(), record.exc_info) for record in caplog.records]
    assert (response.status_code, encoded.status_code) == (404, 404)
    assert logged == [("Not Found: /media/../../portal/settings.py", None)] * 2
