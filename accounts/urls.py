"""Password reset by e-mail, under /admin/; the admin's login page links to it by its name."""

from django.urls import path

from . import views

urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
