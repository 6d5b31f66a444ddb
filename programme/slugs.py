from django.db.models import Q
from django.utils.text import slugify


def make_slug(text):
    """ASCII slug from Vietnamese text: "Đường Nguyễn Huệ" -> "duong-nguyen-hue".

    Django's slugify folds every Vietnamese letter but Đ/đ, which it drops.
    """
    return slugify(text.replace("Đ", "D").replace("đ", "d"))


def unique_slug(model, text, *, exclude_pk=None, max_length=120, field="slug"):
    """A slug made from `text` that no other record of `model` has, in either language, nor had
    before (its old address still leads to that record)."""
    base = shorten_slug(text, max_length - 4) or model._meta.model_name
    others, former = model._base_manager.all(), model.former_slugs()
    if exclude_pk:
        others, former = others.exclude(pk=exclude_pk), former.exclude(record_id=exclude_pk)
    columns = [f.name for f in model._meta.fields if f.name in ("slug", "slug_en", field)]

    def taken(slug):
        held = Q(pk__in=[])
        for column in columns:
            held |= Q(**{column: slug})
        return others.filter(held).exists() or former.filter(slug=slug).exists()

    slug, suffix = base, 2
    while taken(slug):
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def shorten_slug(text, max_length):
    """The slug of `text`, at most `max_length` characters, cut between words, never inside
    one ("bao-binh-duong-thanh-pho" rather than "bao-binh-duong-thanh-ph")."""
    slug = make_slug(text)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]).strip("-")
