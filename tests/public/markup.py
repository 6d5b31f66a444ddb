import re


def markup(html):
    """HTML with the whitespace around its tags left out and the rest collapsed, so that tests
    compare elements, attributes and text however a template lays them out on lines."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", " ".join(html.split()))
