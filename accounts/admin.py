"""Editors run their own desk: they create, deactivate and reset the accounts of journalists and
editors. Only a superuser makes superusers, grants single permissions or sees a superuser's account."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Q

from .forms import NewPasswordForm

NEWSROOM_GROUPS = ["Journalist", "Redaktør"]
GROUPS_HELP = (
    "Journalister skriver, illustrerer og publiserer. Redaktører kan i tillegg slette, holde "
    "klyngeregisteret og kategoriene, og lage og endre brukere."
)

admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    change_password_form = NewPasswordForm
    list_display = ["username", "full_name", "email", "group_names", "state", "last_login"]
    list_filter = ["is_active", "groups"]
    desk_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email"]}),
        ("Tilgang", {"fields": ["is_active", "groups"]}),
        ("Datoer", {"fields": ["last_login", "date_joined"]}),
    ]
    desk_add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email"]}),
        ("Tilgang", {"fields": ["groups"]}),
    ]

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return users
        # Only the newsroom: an editor who could reset the password of someone with more rights
        # could log in as them.
        more_rights = Q(is_superuser=True) | Q(user_permissions__isnull=False)
        return users.exclude(more_rights).exclude(groups__in=Group.objects.exclude(name__in=NEWSROOM_GROUPS))

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.desk_add_fieldsets if obj is None else self.desk_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=NEWSROOM_GROUPS).order_by("name")
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["help_text"] = GROUPS_HELP
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_staff = True  # every account an editor makes works in the newsroom
        super().save_model(request, obj, form, change)

    @admin.display(description="navn", ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description="status", ordering="is_active")
    def state(self, user):
        return "aktiv" if user.is_active else "deaktivert"

    @admin.display(description="grupper")
    def group_names(self, user):
        return ", ".join(group.name for group in user.groups.all())
