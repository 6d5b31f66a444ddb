"""Which fields exist in Vietnamese and English (django-modeltranslation).

Vietnamese is required wherever the field itself is required; English falls back to it.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Award, KeyFigure, Locality, Milestone, Page, Partner, Project, Source, Theme


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("headline", "note")
    required_languages = {"vi": ("headline",)}


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"vi": ("name",)}


@register(Locality)
class LocalityTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"vi": ("name",)}


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "short_name", "cooperation", "image_alt")
    required_languages = {"vi": ("name",)}


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = {"vi": ("title", "summary")}


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label", "unit")
    required_languages = {"vi": ("label",)}


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("title", "organiser", "announced_place", "description")
    required_languages = {"vi": ("title", "organiser")}


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"vi": ("title",)}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = {"vi": ("title",)}
