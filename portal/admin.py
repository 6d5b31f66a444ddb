from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's device pages have no Vietnamese and would show staff's secret keys; staff manage
# their own second factor (portal/two_factor.py), and `manage.py reset_second_factor` resets one.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
