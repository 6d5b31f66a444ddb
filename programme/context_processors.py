from .models import Page


def site(request):
    """The fixed pages staff edit in admin, for the header (the first one, "About") and footer.
    One query per page view."""
    pages = list(Page.objects.published().only("slug", "title_vi", "title_en", "show_in_footer"))
    return {
        "about_page": pages[0] if pages else None,
        "footer_pages": [page for page in pages if page.show_in_footer],
    }
