import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

from wengang.ops.wsgi import with_database_outage_page  # noqa: E402 - after the settings are named

application = with_database_outage_page(get_wsgi_application())
