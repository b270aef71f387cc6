"""Who signs an article, each a person or an organisation: one answer for the feeds and the JSON-LD.

The staff authors are people. The free-text byline reads like a photo credit and is typed by the same
rule (`Photo.credit_creators`): «NTB» is an agency, «Kari Nordmann / NTB» a person and an agency. An
article nobody signs is the publisher's.
"""

from django.conf import settings

from .models import Photo, display_name

PERSON, ORGANISATION = Photo.CreditKind.PERSON, Photo.CreditKind.ORGANISATION


def signers(article):
    """[(PERSON or ORGANISATION, name)], the authors first."""
    people = [(PERSON, display_name(user)) for user in article.authors.all()]
    return people + Photo(credit=article.byline).credit_creators() or [(ORGANISATION, settings.SITE_NAME)]


def signer_names(article):
    return [name for kind, name in signers(article)]
