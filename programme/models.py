import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.translator import translator

from .dates import DatePrecision, PartialDate, PartialDateAttribute, truncate_to_precision
from .search import COLUMNS as SEARCH_COLUMNS
from .search import search_columns, translated_text
from .slugs import unique_slug
from .uploads import RandomlyNamedImageField
from .validators import IMAGE_VALIDATORS

# Long texts shown on the site are Markdown, rendered and sanitised by programme/richtext.py.
MARKDOWN_HELP = _(
    "You may use Markdown: a blank line between paragraphs, **bold**, *italics*, lists "
    "starting with - or 1., [links](https://example.com) and ## headings."
)
CITATION_HELP = _(
    "End each sentence or paragraph with a marker to the article it comes from: [^KEY], where "
    "KEY is the source's seed key or, for a source added in admin, its slug (the end of its "
    "address), as in [^bdo-2022-programme]. Cite only sources chosen under Sources. The site "
    "numbers the markers and lists the sources at the foot of the page."
)
LONG_TEXT_HELP = format_lazy("{} {}", MARKDOWN_HELP, CITATION_HELP)
SOURCE_NOTE_HELP = format_lazy(
    "{} {}",
    MARKDOWN_HELP,
    _(
        "Public words on what the article is; end each paragraph with a marker to this source "
        "itself: [^KEY], its seed key or slug. What only the team needs to know goes in the "
        "note for staff."
    ),
)


EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def date_in_range(field):
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE}
    )


def date_has_precision(date_field, precision_field):
    """A date and its precision are set together or not at all."""
    return Q(**{f"{date_field}__isnull": True, precision_field: ""}) | (
        Q(**{f"{date_field}__isnull": False}) & ~Q(**{precision_field: ""})
    )


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def localized(field):
    """A translated field as pages in the active language show it, for order_by() and filter():
    its own text, else its Vietnamese. (modeltranslation falls back when it reads a field, not in
    queries, where "title" means the active language's column alone.)"""
    own = F(f"{field}_{get_language() or settings.LANGUAGE_CODE}")
    default = F(f"{field}_{settings.LANGUAGE_CODE}")
    if own.name == default.name:
        return own
    return Coalesce(NullIf(own, Value("")), default)


class TranslatedQuerySet(models.QuerySet):
    def alphabetical(self):
        """By name in the active language."""
        return self.order_by(localized(self.model.naming_field), "pk")


class PublishableQuerySet(TranslatedQuerySet):
    def published(self):
        """What the public sees: published, no longer scheduled for later, and not yet taken
        down."""
        now = timezone.now()
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            publication_status=PublicationStatus.PUBLISHED,
        )

    def drafts(self):
        return self.filter(publication_status=PublicationStatus.DRAFT)

    def visible_to(self, user):
        """The records `user` may open: published ones, and for staff every one (a preview)."""
        return self if user.is_staff else self.published()

    def formerly_at(self, slug):
        """The record whose slug was `slug` before it changed (see OldSlug), if among these."""
        former = self.model.former_slugs().filter(slug=slug)
        return self.filter(pk__in=former.values("record_id"))

    def count_by(self, field):
        """{value of `field`: number of records}"""
        return dict(self.order_by().values_list(field).annotate(Count("pk")))


class Publishable(models.Model):
    """Content that the public sees only once a publisher has published it."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish at once; a time in the future schedules it."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("A time at which the record comes down from the site; leave empty to keep it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.publication_status == PublicationStatus.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.unpublish_at is None or self.unpublish_at > now)
        )


class Seeded(models.Model):
    """Where a record came from seeds/: its key there, a hash of the seed entry last applied,
    and digests of the values that left, so that a re-seed can tell a record staff edited from
    one nobody touched (see programme/seeding.py)."""

    seed_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    seed_entry_hash = models.CharField(max_length=64, blank=True, editable=False)
    # {field: digest of the value the seed left} (programme/seeding.py's seeded_values()).
    seed_state = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class StaffNoted(models.Model):
    """A note the team keeps about a record for staff alone: shown in admin, never in public."""

    staff_note = models.TextField(
        _("note for staff"),
        blank=True,
        help_text=_("Never shown to the public: what the team knows, for the team."),
    )

    class Meta:
        abstract = True


class Translated(models.Model):
    """Helpers over django-modeltranslation's columns (title_vi, title_en, ...)."""

    # The field that names a record; a record is written in a language when this field is.
    naming_field = "title"

    class Meta:
        abstract = True

    @classmethod
    def translated_fields(cls):
        return sorted(translator.get_options_for_model(cls).all_fields)

    # Translated fields that may rightly have one language only (none here; see Partner).
    one_language_fields = ()

    @classmethod
    def fields_needing_english(cls):
        return [field for field in cls.translated_fields() if field not in cls.one_language_fields]

    @classmethod
    def lacking_english(cls):
        """Q for rows with Vietnamese text in some field whose English is empty."""
        condition = Q(pk__in=[])
        for field in cls.fields_needing_english():
            has_vi = ~Q(**{f"{field}_vi": ""}) & Q(**{f"{field}_vi__isnull": False})
            no_en = Q(**{f"{field}_en": ""}) | Q(**{f"{field}_en__isnull": True})
            condition |= has_vi & no_en
        return condition

    def fields_lacking_english(self):
        return [
            field
            for field in self.fields_needing_english()
            if getattr(self, f"{field}_vi") and not getattr(self, f"{field}_en")
        ]

    def shows_fallback(self, field):
        """True when `field` is shown in Vietnamese because the active language has no text."""
        return translated_text(self, field, (get_language() or "vi")[:2])[1]

    @property
    def fallback(self):
        """`record.fallback.title` in a template: the language the title is shown in when the
        page's own language has no text for it ("vi"), else ""."""
        return FallbackLanguages(self)

    def languages(self):
        """The languages the record is written in: Vietnamese always, others when named."""
        return [
            code
            for code, _name in settings.LANGUAGES
            if code == settings.LANGUAGE_CODE or getattr(self, f"{self.naming_field}_{code}")
        ]


def image_folder(record, name):
    """Uploads of each kind in a folder of their own: projects/, partners/, pages/."""
    return f"{record._meta.model_name}s/{name}"


class Illustrated(models.Model):
    """A record that may have an image, shown in sizes made on the server (programme/images.py),
    with its description for people who cannot see it (translated)."""

    image = RandomlyNamedImageField(
        _("image"),
        upload_to=image_folder,
        blank=True,
        validators=IMAGE_VALIDATORS,
        help_text=_("A JPEG, PNG or WebP image."),
        width_field="image_width",
        height_field="image_height",
    )
    # Kept by Django on upload, so pages give the image's size without opening the file.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image and not self.image_alt_vi:
            raise ValidationError(
                {
                    "image_alt_vi": _(
                        "Describe the image in Vietnamese for people who cannot see it."
                    )
                }
            )


class FallbackLanguages:
    def __init__(self, record):
        self.record = record

    def __getitem__(self, field):
        return settings.LANGUAGE_CODE if self.record.shows_fallback(field) else ""


class Slugged(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The record's address. Leave empty to make it from the Vietnamese title; "
            "once set it changes only when you change it."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            title = getattr(self, f"{self.naming_field}_vi") or getattr(self, self.naming_field)
            self.slug = unique_slug(type(self), title, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @classmethod
    def former_slugs(cls):
        """The slugs records of this model had before their current one (see OldSlug)."""
        return OldSlug.objects.filter(kind=cls._meta.model_name)


class EnglishSlugged(models.Model):
    """A record with a page of its own has an address of its own on English pages, made from its
    English title (programme/views.py answers the other language's slug with a redirect)."""

    slug_en = models.SlugField(
        _("English slug"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The record's address on English pages. Leave empty to make it from the English "
            "title; once set it changes only when you change it."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        title = getattr(self, f"{self.naming_field}_en")
        if not self.slug_en and title:
            self.slug_en = unique_slug(type(self), title, exclude_pk=self.pk, field="slug_en")
        self.slug_en = self.slug_en or None
        super().save(*args, **kwargs)

    def slug_in(self, language):
        """The slug of the record's address in `language`."""
        return self.slug_en if (language or "")[:2] == "en" and self.slug_en else self.slug

    @property
    def anchors(self):
        """Its slugs in every language, once each: an entry in a list carries them all as ids, so
        that a link to it in either language finds it."""
        return list(dict.fromkeys(self.slug_in(code) for code, _name in settings.LANGUAGES))

    @property
    def address_slug(self):
        return self.slug_in(get_language())


class Searchable(models.Model):
    """A record with its text kept folded in four columns of its own (see programme/search.py),
    filled on every save (and after a raw save, which skips save(): see
    fill_search_columns_after_raw_save()): the project list's word filter reads them. The site
    search reads the search index instead (SearchEntry), which holds the same columns for every
    searchable model."""

    search_title_vi = models.TextField(blank=True, default="", editable=False)
    search_text_vi = models.TextField(blank=True, default="", editable=False)
    search_title_en = models.TextField(blank=True, default="", editable=False)
    search_text_en = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_search_columns()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_COLUMNS}
        super().save(*args, **kwargs)

    def fill_search_columns(self):
        for column, value in search_columns(self, *self.searched_fields).items():
            setattr(self, column, value)


def fill_search_columns_after_raw_save(sender, instance, raw, using, **kwargs):
    """post_save of a Searchable model (connected in programme/apps.py). A raw save, which is
    how `loaddata` and `import_content` write deserialized records, skips save(): the record's
    search columns are filled here instead, by an update that sends no further signal."""
    if raw:
        instance.fill_search_columns()
        sender._base_manager.using(using).filter(pk=instance.pk).update(
            **{column: getattr(instance, column) for column in SEARCH_COLUMNS}
        )


class SourceQuerySet(PublishableQuerySet):
    def with_citing_records(self):
        """With the records that cite each source, public ones only."""
        return self.prefetch_related(
            Prefetch("cited_projects", Project.objects.published().alphabetical()),
            Prefetch("cited_partners", Partner.objects.published().alphabetical()),
            Prefetch("cited_awards", Award.objects.published().newest_first()),
            Prefetch("cited_milestones", Milestone.objects.published()),
            Prefetch("cited_pages", Page.objects.published().alphabetical()),
            Prefetch("cited_themes", Theme.objects.alphabetical()),
            Prefetch("cited_localitys", Locality.objects.alphabetical()),
        )


class Source(Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Publishable):
    class Language(models.TextChoices):
        VIETNAMESE = "vi", _("Vietnamese")
        ENGLISH = "en", _("English")

    outlet = models.CharField(_("outlet"), max_length=200)
    headline = models.CharField(
        _("headline"),
        max_length=300,
        help_text=_("In Vietnamese as published; in English as a translation of it."),
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_date = models.DateField(_("publication date"), null=True, blank=True)
    published_precision = models.CharField(
        _("publication date precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    archive_url = models.URLField(
        _("address of an archived copy"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where a web archive keeps a copy of the article (web.archive.org, archive.today), "
            "if one was saved; the site links to it beside the article."
        ),
    )
    language = models.CharField(
        _("language of the article"), max_length=2, choices=Language.choices, default="vi"
    )
    note = models.TextField(_("note"), blank=True, help_text=SOURCE_NOTE_HELP)

    published = PartialDateAttribute("published_date", "published_precision", _("published"))
    naming_field = "headline"

    objects = SourceQuerySet.as_manager()
    searched_fields = (("headline",), ("outlet", "author", "note"))

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("note",)

    class Meta:
        ordering = ["-published_date", "outlet"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish and unpublish sources"))]
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("published_date"), name="source_date_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("published_date", "published_precision"),
                name="source_date_has_precision",
            ),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.headline}"

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"slug": self.address_slug})

    def clean(self):
        clean_partial_date(self, "published_date", "published_precision")


def public_sources():
    """A prefetch of the sources a record cites, public ones only."""
    return Prefetch("sources", Source.objects.published())


class Cited(models.Model):
    sources = models.ManyToManyField(
        Source,
        verbose_name=_("sources"),
        related_name="cited_%(class)ss",
        blank=True,
        help_text=_("The articles this record's facts come from."),
    )

    class Meta:
        abstract = True


def clean_partial_date(instance, date_field, precision_field):
    """Explain the partial-date rules to staff, and store the date as its period's first day."""
    value = getattr(instance, date_field)
    precision = getattr(instance, precision_field)
    if value is None and precision:
        raise ValidationError({date_field: _("Enter a date, or leave its precision empty.")})
    if value is not None and not precision:
        raise ValidationError(
            {precision_field: _("Say whether the year, the month or the day is known.")}
        )
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError({date_field: _("Enter a date between 1990 and 2100.")})
    if value is not None:
        setattr(instance, date_field, truncate_to_precision(value, precision))


class Theme(Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited):
    class Icon(models.TextChoices):
        """The drawings of static/img/icons.svg a theme can have (#theme-<value>)."""

        GOVERNMENT = "government", _("government and operations")
        INNOVATION = "innovation", _("innovation")
        INDUSTRY = "industry", _("industry")
        TRADE = "trade", _("trade and investment")
        URBAN = "urban", _("city, transport and housing")
        AGRICULTURE = "agriculture", _("agriculture")
        COOPERATION = "cooperation", _("international cooperation")
        PEOPLE = "people", _("people and skills")
        GENERAL = "general", _("general")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=LONG_TEXT_HELP)
    icon = models.CharField(
        _("icon"),
        max_length=12,
        choices=Icon.choices,
        default=Icon.GENERAL,
        help_text=_(
            "The drawing that stands for the theme, and for its projects without an image."
        ),
    )

    naming_field = "name"

    objects = TranslatedQuerySet.as_manager()

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("description",)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        permissions = [("publish_theme", _("Can make changes to themes live"))]

    def __str__(self):
        return self.name


class Locality(Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited):
    """A city, town or area of the province. Kept as data: administrative units change."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        TOWN = "town", _("town")
        DISTRICT = "district", _("district")
        AREA = "area", _("urban or industrial area")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, help_text=LONG_TEXT_HELP)

    naming_field = "name"

    objects = TranslatedQuerySet.as_manager()

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("description",)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        permissions = [("publish_locality", _("Can make changes to localities live"))]

    def __str__(self):
        return self.name


class PartnerQuerySet(PublishableQuerySet):
    def by_kind(self):
        """In the order the kinds are declared (cities and regions first), then by name."""
        kinds = Partner.Kind.values
        position = Case(*(When(kind=kind, then=Value(kinds.index(kind))) for kind in kinds))
        return self.order_by(position, localized("name"), "pk")

    def places(self):
        """Partner cities, regions and international organisations."""
        return self.filter(kind__in=[Partner.Kind.CITY_OR_REGION, Partner.Kind.INTERNATIONAL])


class Partner(
    Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited, Illustrated, Publishable
):
    class Kind(models.TextChoices):
        CITY_OR_REGION = "city_region", _("partner city or region")
        INTERNATIONAL = "international", _("international organisation")
        COMPANY = "company", _("company")
        UNIVERSITY = "university", _("university or institute")
        AGENCY = "agency", _("government agency")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("An acronym such as ICF or WTA.")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    since_date = models.DateField(_("partner since"), null=True, blank=True)
    since_precision = models.CharField(
        _("precision of 'partner since'"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    cooperation = models.TextField(
        _("what the cooperation covers"),
        blank=True,
        help_text=format_lazy(
            "{} {}", _("What ties this partner to the programme."), LONG_TEXT_HELP
        ),
    )
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    since = PartialDateAttribute("since_date", "since_precision", _("partner since"))
    naming_field = "name"

    objects = PartnerQuerySet.as_manager()
    searched_fields = (("name", "short_name"), ("cooperation",))
    # An abbreviation of one language ("UBND tỉnh") has no English one: English pages show none.
    one_language_fields = ("short_name",)

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("cooperation",)

    class Meta:
        ordering = ["kind", "name_vi"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("publish_partner", _("Can publish and unpublish partners"))]
        # The home page counts published partners by kind; the index holds all it reads.
        indexes = [
            models.Index(
                fields=["publication_status", "publish_at", "kind"], name="partner_published_kind"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partner_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partner_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="partner_coordinates_together",
            ),
            models.CheckConstraint(
                condition=date_in_range("since_date"), name="partner_since_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("since_date", "since_precision"),
                name="partner_since_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt_vi=""), name="partner_image_has_alt"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partner-detail", kwargs={"slug": self.address_slug})

    def clean(self):
        clean_partial_date(self, "since_date", "since_precision")
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Enter both latitude and longitude, or neither."))
        super().clean()

    @property
    def own_short_name(self):
        """The short name in the page's language only: an abbreviation of one language ("UBND
        tỉnh") means nothing in the other, so it does not fall back."""
        return getattr(self, f"short_name_{(get_language() or settings.LANGUAGE_CODE)[:2]}")


class ProjectQuerySet(PublishableQuerySet):
    def featured(self):
        """The featured projects, in the order staff set (featured_order), then by title."""
        return self.filter(featured=True).order_by("featured_order", localized("title"), "pk")

    def in_list_order(self):
        """Featured projects first, then by title."""
        return self.order_by("-featured", localized("title"), "pk")

    def linked_to(self, partner):
        """The projects `partner` leads or takes part in."""
        return self.filter(Q(partners=partner) | Q(lead_organisation=partner)).distinct()

    def for_cards(self):
        """With what a project card shows besides the project: its localities and themes."""
        return self.prefetch_related(
            Prefetch("localities", Locality.objects.alphabetical()),
            Prefetch("themes", Theme.objects.alphabetical()),
        )


class Project(
    Translated,
    Seeded,
    StaffNoted,
    Slugged,
    EnglishSlugged,
    Cited,
    Searchable,
    Illustrated,
    Publishable,
):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        OPERATIONAL = "operational", _("operational")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = models.TextField(_("body"), blank=True, help_text=LONG_TEXT_HELP)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="projects", blank=True
    )
    localities = models.ManyToManyField(
        Locality,
        verbose_name=_("localities"),
        related_name="projects",
        blank=True,
        help_text=_(
            "Every place the project concerns: the province for what it does province-wide, "
            "and each city, town or area its sources name."
        ),
    )
    lead_organisation = models.ForeignKey(
        Partner,
        verbose_name=_("lead organisation"),
        related_name="led_projects",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="projects", blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of start"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of end"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    status_as_of_date = models.DateField(
        _("status as of"),
        null=True,
        blank=True,
        help_text=_("When the status was last known to be true: the date of the latest report."),
    )
    status_as_of_precision = models.CharField(
        _("precision of 'status as of'"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    featured = models.BooleanField(_("featured on the home page"), default=False)
    featured_order = models.PositiveSmallIntegerField(
        _("order on the home page"),
        default=0,
        help_text=_(
            "Featured projects are shown from the lowest number up; equal numbers by title."
        ),
    )
    start = PartialDateAttribute("start_date", "start_precision", _("start"))
    end = PartialDateAttribute("end_date", "end_precision", _("end"))
    status_as_of = PartialDateAttribute(
        "status_as_of_date", "status_as_of_precision", _("status as of")
    )
    searched_fields = (("title",), ("summary", "body"))

    objects = ProjectQuerySet.as_manager()

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("body",)

    class Meta:
        ordering = ["-featured", "title_vi"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [("publish_project", _("Can publish and unpublish projects"))]
        # The home page counts published projects by status; the index holds all it reads.
        indexes = [
            models.Index(
                fields=["publication_status", "publish_at", "status"],
                name="project_published_status",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("start_date"), name="project_start_in_range"
            ),
            models.CheckConstraint(
                condition=date_in_range("end_date"), name="project_end_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("start_date", "start_precision"),
                name="project_start_has_precision",
            ),
            models.CheckConstraint(
                condition=date_has_precision("end_date", "end_precision"),
                name="project_end_has_precision",
            ),
            models.CheckConstraint(
                condition=date_in_range("status_as_of_date"), name="project_status_as_of_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("status_as_of_date", "status_as_of_precision"),
                name="project_status_as_of_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt_vi=""), name="project_image_has_alt"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("project-detail", kwargs={"slug": self.address_slug})

    def clean(self):
        clean_partial_date(self, "start_date", "start_precision")
        clean_partial_date(self, "end_date", "end_precision")
        clean_partial_date(self, "status_as_of_date", "status_as_of_precision")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        super().clean()


class KeyFigure(Translated):
    """A figure worth showing at a glance: "exhibition area, 22,000, m²"."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="key_figures", on_delete=models.CASCADE
    )
    label = models.CharField(_("label"), max_length=120)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        related_name="key_figures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The article the figure comes from."),
    )
    as_of_date = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("When the figure was true: the date its article gives, as precise as that."),
    )
    as_of_precision = models.CharField(
        _("precision of 'as of'"), max_length=5, choices=DatePrecision.choices, blank=True
    )

    as_of = PartialDateAttribute("as_of_date", "as_of_precision", _("as of"))
    naming_field = "label"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.CheckConstraint(
                condition=date_in_range("as_of_date"), name="keyfigure_as_of_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("as_of_date", "as_of_precision"),
                name="keyfigure_as_of_has_precision",
            ),
        ]

    def __str__(self):
        """As staff and visitors read it, the number in the active language: "Diện tích:
        22.000 m²", "Area: 22,000 m²"."""
        whole = self.value == self.value.to_integral()
        value = self.value.to_integral() if whole else self.value.normalize()
        number = formats.number_format(value, force_grouping=True)
        return f"{self.label}: {number} {self.unit}".strip()

    def clean(self):
        clean_partial_date(self, "as_of_date", "as_of_precision")
        super().clean()


# Newest first: by year, then by the day announced, the undated last in a year.
AWARDS_NEWEST_FIRST = ("-year", F("announced_date").desc(nulls_last=True), "title_vi", "id")


class AwardQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by(*AWARDS_NEWEST_FIRST)

    def icf_years(self):
        """One row per year of recognition by the Intelligent Community Forum, oldest first:
        {"year", "level" (the highest reached that year), "label", "short_label", "rank",
        "award" (the award of that level, which the row links to), "awards" (all of the year,
        lowest level first)}. One query."""
        ranks = {Award.Level.SMART21: 1, Award.Level.TOP7: 2, Award.Level.COMMUNITY_OF_THE_YEAR: 3}
        by_year = {}
        for award in self.filter(level__in=ranks).order_by("year", "pk"):
            by_year.setdefault(award.year, []).append(award)
        rows = []
        for year, awards in sorted(by_year.items()):
            awards.sort(key=lambda award: ranks[award.level])
            best = awards[-1]
            rows.append(
                {
                    "year": year,
                    "level": best.level,
                    "label": Award.Level(best.level).label,
                    "short_label": " + ".join(str(award.short_level) for award in awards),
                    "rank": ranks[best.level],
                    "award": best,
                    "awards": awards,
                }
            )
        return rows

    def icf_record(self):
        """The ICF run for the home page: {"years": icf_years(), "top": the highest award of the
        run, the latest of its level}."""
        years = self.icf_years()
        top = max(years, key=lambda row: (row["rank"], row["year"]))["award"] if years else None
        return {"years": years, "top": top}


class Award(Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited, Publishable):
    class Level(models.TextChoices):
        SMART21 = "smart21", _("Smart21 Communities")
        TOP7 = "top7", _("Top7 Intelligent Communities")
        COMMUNITY_OF_THE_YEAR = "top1", _("Intelligent Community of the Year")
        NATIONAL = "national", _("national award")

    title = models.CharField(
        _("award or list"), max_length=200, help_text=_('For example "Smart21 Communities 2020".')
    )
    organiser = models.CharField(_("organiser"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    announced_date = models.DateField(_("announced on"), null=True, blank=True)
    announced_precision = models.CharField(
        _("precision of 'announced on'"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    announced_place = models.CharField(_("announced in"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=LONG_TEXT_HELP)
    project = models.ForeignKey(
        Project,
        verbose_name=_("related project"),
        related_name="awards",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    announced = PartialDateAttribute("announced_date", "announced_precision", _("announced on"))
    searched_fields = (("title",), ("organiser", "announced_place", "description"))

    objects = AwardQuerySet.as_manager()

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("description",)

    class Meta:
        ordering = AWARDS_NEWEST_FIRST
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        permissions = [("publish_award", _("Can publish and unpublish awards"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="award_year_in_range"
            ),
            models.CheckConstraint(
                condition=date_in_range("announced_date"), name="award_announced_in_range"
            ),
            models.CheckConstraint(
                condition=date_has_precision("announced_date", "announced_precision"),
                name="award_announced_has_precision",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("award-detail", kwargs={"slug": self.address_slug})

    @property
    def when(self):
        """When the award came, for the timeline: the day announced, as far as known, or else
        its year."""
        return self.announced or PartialDate(datetime.date(self.year, 1, 1), DatePrecision.YEAR)

    @property
    def timeline_kind(self):
        return Milestone.Kind.AWARD.label

    # The icon of its kind (static/img/icons.svg, #kind-award).
    timeline_icon = "award"

    @property
    def timeline_anchor(self):
        """Its entry's id on the timeline in the page's language, apart from the milestones'
        (their slugs)."""
        return f"award-{self.address_slug}"

    @property
    def record(self):
        """What its timeline entry links to: the award itself."""
        return self

    @property
    def year_told(self):
        return self.year

    @property
    def short_level(self):
        """The level as the ICF chart names it: Smart21, Top7, Top 1."""
        return {
            Award.Level.SMART21: "Smart21",
            Award.Level.TOP7: "Top7",
            Award.Level.COMMUNITY_OF_THE_YEAR: _("Top 1"),
        }.get(self.level, self.get_level_display())

    @property
    def timeline_anchors(self):
        """Its entry's ids in both languages, so that an anchor of either finds it."""
        return [f"award-{anchor}" for anchor in self.anchors]

    @property
    def title_says_date(self):
        """Whether the title gives when the award came already."""
        return self.when.format() in self.title

    @property
    def title_says_year(self):
        """Whether the title names the award's year already ("... 2023"): then it is not said
        again beside it."""
        return str(self.year) in self.title

    def clean(self):
        clean_partial_date(self, "announced_date", "announced_precision")


class Milestone(Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited, Publishable):
    class Kind(models.TextChoices):
        DECISION = "decision", _("decision or plan")
        PROJECT = "project", _("project")
        AWARD = "award", _("award")
        PARTNERSHIP = "partnership", _("partnership")
        EVENT = "event", _("event")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=LONG_TEXT_HELP)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        related_name="milestones",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        related_name="milestones",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        related_name="milestones",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    when = PartialDateAttribute("date", "date_precision", _("date"))
    searched_fields = (("title",), ("description",))

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("description",)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        permissions = [("publish_milestone", _("Can publish and unpublish milestones"))]
        # The latest published milestones, for the home page, without sorting them all.
        indexes = [
            models.Index(fields=["publication_status", "date"], name="milestone_published_date")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE, date__lte=LATEST_DATE),
                name="milestone_date_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.when}: {self.title}"

    def get_absolute_url(self):
        return f"{reverse('timeline')}#{self.timeline_anchor}"

    @property
    def timeline_kind(self):
        return self.get_kind_display()

    @property
    def timeline_icon(self):
        """The icon of its kind (static/img/icons.svg, #kind-<kind>)."""
        return {"project": "project", "award": "award"}.get(self.kind, self.kind)

    @property
    def timeline_anchor(self):
        """Its entry's id on the timeline in the page's language."""
        return self.address_slug

    @property
    def timeline_anchors(self):
        """Its entry's ids in both languages, so that an anchor of either finds it."""
        return self.anchors

    @property
    def year_told(self):
        """The year of what it tells: its award's year (the Smart21 list for 2020, announced in
        2019, is 2020), else its own."""
        return self.award.year if self.award is not None else self.date.year

    @property
    def title_says_date(self):
        """Whether the title gives its date already ("... (by December 2023)"): then the date is
        not said again beside it."""
        return self.when.format() in self.title

    @property
    def record(self):
        """The record the milestone is about, which its entry links to: its award, project or
        partner when public, else None."""
        for related in (self.award, self.project, self.partner):
            if related is not None and related.is_public:
                return related
        return None

    def clean(self):
        if self.date is not None:
            clean_partial_date(self, "date", "date_precision")


class Page(
    Translated, Seeded, StaffNoted, Slugged, EnglishSlugged, Cited, Illustrated, Publishable
):
    """A fixed page staff edit in admin: about the programme, accessibility, contact."""

    class Role(models.TextChoices):
        ABOUT = "about", _("About the programme (linked from the main menu)")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        CONTACT = "contact", _("Contact")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences, also used by search engines.")
    )
    body = models.TextField(_("body"), blank=True, help_text=LONG_TEXT_HELP)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("What the site uses this page for; each role belongs to one page at most."),
    )
    show_in_footer = models.BooleanField(_("link in the footer"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # The long texts whose markers [^KEY] cite sources (programme/richtext.py).
    cited_texts = ("body",)
    # Pages in which the portal speaks about itself, not about the programme: they cite nothing.
    OWN_STATEMENTS = (Role.ACCESSIBILITY, Role.CONTACT)

    class Meta:
        ordering = ["position", "title_vi"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("publish_page", _("Can publish and unpublish pages"))]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role=""),
                name="page_role_unique",
                violation_error_message=_("Another page already has this role."),
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt_vi=""), name="page_image_has_alt"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page-detail", kwargs={"slug": self.address_slug})

    @property
    def is_own_statement(self):
        """The portal speaking about itself (accessibility, contact), which cites no article."""
        return self.role in self.OWN_STATEMENTS


class OldSlug(models.Model):
    """A slug that a record with a page of its own (a project, award, partner, source or page)
    had before staff changed it: its old address answers with a permanent redirect to the
    record's current one (programme/views.py), so that shared links and search engines' results
    keep working. programme/old_slugs.py writes it on every save that changes a slug, whatever
    saves it. Each slug leads to one record, the last that had it; a slug that is some record's
    current slug is never kept here, as that record answers to it.

    Milestones have no page (their slug is an anchor on the timeline, which a server never sees),
    and themes and localities only filter the project list: their old slugs are not kept."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("project")
        AWARD = "award", _("award")
        PARTNER = "partner", _("partner")
        SOURCE = "source", _("source")
        PAGE = "page", _("page")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_id = models.BigIntegerField()
    slug = models.SlugField(max_length=120, db_index=False)
    # The language of the address the slug was part of: "vi" (slug) or "en" (slug_en).
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="vi")

    class Meta:
        ordering = ["kind", "record_id", "slug"]
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="oldslug_one_record_per_slug")
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}: {self.slug}"


class SearchEntry(models.Model):
    """One searchable record (a project, award, partner, milestone or source) as the site search
    finds and shows it, in Vietnamese and English: a copy that programme/search_index.py writes
    on every change of the record, so that the search page reads one table and builds no model
    instance. Each searchable model names in `searched_fields` its (title fields, body fields),
    whose folded words the search columns hold."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("Projects")
        AWARDS = "awards", _("Awards")
        PARTNERS = "partners", _("Partners")
        MILESTONES = "milestones", _("Timeline")
        SOURCES = "sources", _("Sources")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_id = models.BigIntegerField()
    slug = models.CharField(max_length=120)
    slug_en = models.CharField(max_length=120, blank=True)  # the English address's, if any
    # Copied from the record, so that published() means the same here.
    publication_status = models.CharField(max_length=10, choices=PublicationStatus.choices)
    publish_at = models.DateTimeField(null=True, blank=True)
    unpublish_at = models.DateTimeField(null=True, blank=True)
    # What a result shows, per language. A title_lang is "vi" where the English page shows the
    # Vietnamese title (modeltranslation's fallback); texts are the plain texts a snippet reads,
    # in order, each as [text, language it falls back to or ""].
    title_vi = models.TextField()
    title_en = models.TextField()
    title_lang_vi = models.CharField(max_length=2, blank=True)
    title_lang_en = models.CharField(max_length=2, blank=True)
    texts_vi = models.JSONField(default=list)
    texts_en = models.JSONField(default=list)
    meta_vi = models.TextField(blank=True)
    meta_en = models.TextField(blank=True)
    # Searched, never shown (see programme/search.py).
    search_title_vi = models.TextField(blank=True, default="")
    search_text_vi = models.TextField(blank=True, default="")
    search_title_en = models.TextField(blank=True, default="")
    search_text_en = models.TextField(blank=True, default="")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "record_id"]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="searchentry_one_per_record")
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}: {self.title_vi}"


class PendingChangeQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status=PendingChange.Status.PENDING)

    def sent_back(self):
        return self.filter(status=PendingChange.Status.SENT_BACK)

    def scheduled(self):
        return self.filter(status=PendingChange.Status.SCHEDULED)

    def due(self):
        """Approved changes whose time has come: `publish_scheduled` applies them."""
        return self.scheduled().filter(go_live_at__lte=timezone.now())

    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class PendingChange(models.Model):
    """What waits for a publisher's decision about one record (see programme/publishing.py):
    a change to it while it is live, or, for a draft, its publication. A change holds values in
    the model's own terms (programme/states.py): `base`, the record as it was when the change
    was made, and `proposed`, as the change makes it; applying carries the difference onto the
    record as it is then. Files it brings wait in the pending storage, out of public reach.
    One per record: whoever edits the record next edits on top of it."""

    class Action(models.TextChoices):
        CHANGE = "change", _("change to the published record")
        PUBLISH = "publish", _("publication of a draft")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        SENT_BACK = "sent_back", _("sent back")
        SCHEDULED = "scheduled", _("approved, scheduled")

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind"), on_delete=models.CASCADE)
    object_id = models.BigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(
        _("what is asked"), max_length=10, choices=Action.choices, default=Action.CHANGE
    )
    base = models.JSONField(null=True, blank=True)
    proposed = models.JSONField(null=True, blank=True)
    # Files the change brings: {field name: name in the pending storage, or "" to remove it}.
    files = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    author_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="vi")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reviewer_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="vi")
    comment = models.TextField(_("reviewer's comment"), blank=True)
    # Why it could not go live when it was to: {language: text}.
    problem = models.JSONField(default=dict, blank=True)
    go_live_at = models.DateTimeField(_("goes live at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="pendingchange_one_per_record"
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(go_live_at__isnull=False),
                name="pendingchange_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(action="publish") | Q(base__isnull=False, proposed__isnull=False),
                name="pendingchange_change_has_states",
            ),
        ]

    def __str__(self):
        return str(self.record) if self.record is not None else f"#{self.object_id}"

    @property
    def kind(self):
        return self.content_type.model_class()._meta.verbose_name

    @property
    def problem_text(self):
        """Why it could not go live, in the reader's language."""
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return self.problem.get(language) or next(iter(self.problem.values()), "")


class Notice(models.Model):
    """A word to one staff member about their work (a change approved, sent back, or that could
    not go live at its time), kept in every language: the admin's first page shows it in theirs,
    and it is e-mailed when the site sends e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="notices", on_delete=models.CASCADE
    )
    text = models.JSONField()  # {language: text}
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return self.in_language()

    def in_language(self):
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return self.text.get(language) or next(iter(self.text.values()), "")


class DeletedLink(models.Model):
    """A link that deleting a record emptied (a milestone's award, set to nothing), kept with the
    revision that recorded the deletion (django-reversion's revision meta): restoring the record
    from the recycle bin sets the link again where it is still empty."""

    revision = models.ForeignKey("reversion.Revision", on_delete=models.CASCADE)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    field = models.CharField(max_length=100)
    target_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("link emptied by a deletion")
        verbose_name_plural = _("links emptied by deletions")

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}.{self.field} -> {self.target_id}"
