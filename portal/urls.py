from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from . import two_factor, views

# 503 with Retry-After when the database does not answer; Django's 500 page otherwise.
handler500 = "portal.views.server_error"

# The staff's own pages, before the admin's, which answers every other address under its path.
staff = settings.ADMIN_PATH

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(f"{staff}second-factor/", two_factor.verify, name="second-factor-verify"),
    path(f"{staff}second-factor/setup/", two_factor.setup, name="second-factor-setup"),
    path(f"{staff}account-security/", two_factor.account, name="account-security"),
    path(f"{staff}account-security/codes/", two_factor.recovery_codes, name="recovery-codes"),
    path(
        f"{staff}account-security/sign-out/",
        two_factor.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("programme.site_urls")),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$",
            views.media,
        )
    )
if settings.BENCHMARK_VIEWS:
    urlpatterns += [
        path("reference/constant", views.reference_constant, name="reference-constant"),
        path("reference/one-query", views.reference_one_query, name="reference-one-query"),
    ]
urlpatterns += i18n_patterns(path("", include("programme.urls")))
