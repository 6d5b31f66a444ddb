from django import template

from programme.admin.review import publishes_something
from programme.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/programme/includes/dashboard.html", takes_context=True)
def staff_dashboard(context):
    user = context["request"].user
    return dashboard(user, publishes=publishes_something(user))
