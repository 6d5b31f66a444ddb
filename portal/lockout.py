"""What django-axes counts failed admin sign-ins by, and how much it allows."""

import ipaddress
from functools import cache

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def username(request, credentials=None):
    """The user name tried, cut to the 255 characters axes' tables hold: real user names have at
    most 150, and PostgreSQL refuses a longer value where SQLite would store it."""
    value = (credentials or request.POST).get("username")
    return value[:255] if isinstance(value, str) else value


@cache
def trusted_networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address):
    try:
        address = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(address in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The address a sign-in came from. A request from a trusted proxy (TRUSTED_PROXIES) brings
    the visitor's address in X-Forwarded-For, where each proxy appends the address it was reached
    from: read from the right, the first address that is not a trusted proxy is the visitor's.
    Entries further left are the visitor's own claims, and any request that does not come from
    a trusted proxy is counted by the address it comes from, whatever its headers say."""
    address = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([entry.strip() for entry in forwarded if entry.strip()]):
        if not is_trusted_proxy(address):
            break
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # Not an address: the proxy that passed it on is the last one known.
    return address


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' own, except that a successful sign-in clears the failures of that user
    name at that address only. Axes would clear every failure of the address too, so that any
    account that signs in from it would lift the lockout of the whole address."""

    def reset_user_attempts(self, request, credentials=None):
        count, _deleted = self.filter_user_attempts(request, credentials)[0].delete()
        return count


def failures_of_name_at_address(request, credentials):
    """Failed sign-ins of this user name from this address within the cool-off: the first of
    AXES_LOCKOUT_PARAMETERS, as axes counts them."""
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)[0]
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials=None):
    """AXES_FAILURE_LIMIT. Axes locks out when the failures of any of its lockout parameters
    reach one limit: that of one name at one address once it has reached its own, else the
    higher one of the address across names."""
    if failures_of_name_at_address(request, credentials) >= settings.LOGIN_FAILURES_PER_NAME:
        return settings.LOGIN_FAILURES_PER_NAME
    return settings.LOGIN_FAILURES_PER_ADDRESS


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying whether the user name at this address or
    the address itself is locked out."""
    limit = failure_limit(request, credentials)
    context = {
        "failure_limit": limit,
        "whole_address": limit != settings.LOGIN_FAILURES_PER_NAME,
        "username": username(request, credentials) or "",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, "admin/locked_out.html", context, status=429)
