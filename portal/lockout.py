"""What django-axes counts failed admin sign-ins by."""


def username(request, credentials=None):
    """The user name tried, cut to the 255 characters axes' tables hold: real user names have at
    most 150, and PostgreSQL refuses a longer value where SQLite would store it."""
    value = (credentials or request.POST).get("username")
    return value[:255] if isinstance(value, str) else value
