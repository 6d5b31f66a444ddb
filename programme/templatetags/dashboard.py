from django import template

from programme.dashboard import dashboard
from programme.review_admin import publishes_something

register = template.Library()


@register.inclusion_tag("admin/programme/includes/dashboard.html", takes_context=True)
def staff_dashboard(context):
    user = context["request"].user
    return dashboard(user, publishes=publishes_something(user))
