"""The register admin's own forms: retiring a tier at a date, from the list or from its form."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def retirement_error(tier, day):
    """Why `tier` cannot be retired from `day`, or None: a tier ends after it starts, and after the last
    decision placing a cluster in it."""
    if tier.starts_on and day <= tier.starts_on:
        return _("%(tier)s gjelder fra %(start)s: det kan bare avvikles etter det.") % {
            "tier": tier,
            "start": date_format(tier.starts_on),
        }
    if later := list(tier.decisions.filter(effective_on__gte=day).select_related("cluster")[:5]):
        return _(
            "%(tier)s har beslutninger som gjelder fra %(day)s eller senere (%(list)s). "
            "Velg en senere dato, eller rett beslutningene først."
        ) % {
            "tier": tier,
            "day": date_format(day),
            "list": ", ".join(f"{d.cluster} {date_format(d.effective_on)}" for d in later),
        }
    return None


class RetireForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Avvikles fra"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Første dag programnivået ikke lenger gjelder. Fra den dagen står klyngene i det "
            "uten programnivå til de flyttes: registrer flyttingene som beslutninger med samme dato. "
            "Nivåets side, klyngenes historikk og saker skrevet før datoen beholder programnivået."
        ),
    )

    def __init__(self, *args, tiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.tiers = tiers

    def clean_ends_on(self):
        day = self.cleaned_data["ends_on"]
        errors = [error for tier in self.tiers if (error := retirement_error(tier, day))]
        if errors:
            raise forms.ValidationError(errors)
        return day


class TierForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and (day := cleaned_data.get("ends_on")):
            if error := retirement_error(self.instance, day):
                self.add_error("ends_on", error)
        return cleaned_data
