"""The site's URLs plus uploaded media, for the live server of the browser tests only.

DEBUG is off in tests, so the site itself serves no media; in production the object storage or
the web server does. The folder is read per request because each test has its own MEDIA_ROOT.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from helseinfo.urls import *  # noqa: F403  (the site's urlpatterns and error handlers)
from helseinfo.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media), *site_urlpatterns]
