"""What django-axes counts failed admin sign-ins by."""

from django.conf import settings


def username(request, credentials=None):
    """The user name tried, cut to the 255 characters axes' tables hold: real user names have at
    most 150, and PostgreSQL refuses a longer value where SQLite would store it."""
    value = (credentials or request.POST).get("username")
    return value[:255] if isinstance(value, str) else value


def client_ip(request):
    """The address a sign-in came from. Behind PROXY_COUNT reverse proxies, each appending the
    address it was reached from to X-Forwarded-For, the client's address is that many entries
    from the right; entries further left are the client's own claims and could be forged."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    addresses = [address.strip() for address in forwarded if address.strip()]
    if settings.PROXY_COUNT and len(addresses) >= settings.PROXY_COUNT:
        return addresses[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
