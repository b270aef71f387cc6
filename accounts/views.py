"""Django's own password-reset views, dressed as pages of the newsroom (its header and title)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views


class NewsroomPage:
    def get_context_data(self, **kwargs):
        return admin.site.each_context(self.request) | super().get_context_data(**kwargs)


class PasswordResetView(NewsroomPage, auth_views.PasswordResetView):
    extra_email_context = {"site_name": settings.SITE_NAME}


class PasswordResetDoneView(NewsroomPage, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(NewsroomPage, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(NewsroomPage, auth_views.PasswordResetCompleteView):
    pass
