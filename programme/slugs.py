from django.utils.text import slugify


def make_slug(text):
    """ASCII slug from Vietnamese text: "Đường Nguyễn Huệ" -> "duong-nguyen-hue".

    Django's slugify folds every Vietnamese letter but Đ/đ, which it drops.
    """
    return slugify(text.replace("Đ", "D").replace("đ", "d"))


def unique_slug(model, text, *, exclude_pk=None, max_length=120):
    base = make_slug(text)[: max_length - 4].strip("-") or model._meta.model_name
    others = model._base_manager.exclude(pk=exclude_pk) if exclude_pk else model._base_manager
    slug, suffix = base, 2
    while others.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug
