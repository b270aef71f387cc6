from django.contrib.auth.forms import AdminPasswordChangeForm


class NewPasswordForm(AdminPasswordChangeForm):
    """The admin's password form, whose warning Django writes in English only."""

    usable_password_help_text = (
        "Slår du det av, kan brukeren ikke logge inn med passord, og passordet brukeren har nå, slettes."
    )
