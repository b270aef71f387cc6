"""Who signs an article, each a person or an organisation: one answer for the feeds and the JSON-LD.

The staff authors are people. The free-text byline reads like a photo credit and is typed by the same
rule (`Photo.creators`): «NTB» is an agency, «Kari Nordmann / NTB» a person and an agency. An
article nobody signs is the publisher's.
"""

from django.conf import settings

from .models import Photo, display_name

PERSON, ORGANISATION = Photo.CreditKind.PERSON, Photo.CreditKind.ORGANISATION


def signers(article):
    """[(PERSON or ORGANISATION, name)], the authors first."""
    return signed([display_name(user) for user in article.authors.all()], article.byline)


def signed(author_names, byline):
    """signers() of an article's authors by name and its byline."""
    people = [(PERSON, name) for name in author_names]
    return people + Photo.creators(byline) or [(ORGANISATION, settings.SITE_NAME)]


def signer_names(author_names, byline):
    return [name for kind, name in signed(author_names, byline)]
