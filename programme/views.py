from django.shortcuts import get_object_or_404, render

from .models import Award, Milestone, Page, Partner, Project, Source


def home(request):
    return render(request, "programme/home.html", {"projects": Project.objects.published()})


def project_list(request):
    return render(request, "programme/project_list.html", {"projects": Project.objects.published()})


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.published(), slug=slug)
    return render(request, "programme/project_detail.html", {"project": project})


def award_list(request):
    return render(request, "programme/award_list.html", {"awards": Award.objects.published()})


def partner_list(request):
    return render(request, "programme/partner_list.html", {"partners": Partner.objects.published()})


def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.published(), slug=slug)
    return render(request, "programme/partner_detail.html", {"partner": partner})


def timeline(request):
    return render(request, "programme/timeline.html", {"milestones": Milestone.objects.published()})


def source_list(request):
    return render(request, "programme/source_list.html", {"sources": Source.objects.published()})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.published(), slug=slug)
    return render(request, "programme/source_detail.html", {"source": source})


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "programme/page_detail.html", {"page": page})
