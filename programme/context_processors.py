from .models import Page


def site(request):
    """The fixed pages staff edit in admin: the about page for the header, the rest for the
    footer. One query per page view."""
    pages = list(
        Page.objects.published().only("slug", "title_vi", "title_en", "role", "show_in_footer")
    )
    return {
        "about_page": next((page for page in pages if page.role == Page.Role.ABOUT), None),
        "footer_pages": [page for page in pages if page.show_in_footer],
    }
