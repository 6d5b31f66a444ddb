from django.conf import settings


def permissions_policy(get_response):
    """Adds the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response:
    {"camera": []} refuses the camera to everyone, {"fullscreen": ["self"]} allows it here."""
    header = ", ".join(
        f"{feature}=({' '.join(allowed)})"
        for feature, allowed in settings.PERMISSIONS_POLICY.items()
    )

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware
