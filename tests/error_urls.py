"""The site's URLs plus one view that fails, to see the 500 page as a reader would."""

from django.urls import path

from helseinfo.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a failure nobody planned for")


urlpatterns = [path("feil/", broken), *site_urlpatterns]
