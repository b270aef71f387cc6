"""slug_url() (clusters/models.py) gives what reverse() gives, without reversing for every link."""

import pytest
from django.urls import reverse, set_script_prefix

from clusters.models import slug_url


@pytest.mark.parametrize(
    "viewname", ["news:article", "clusters:cluster", "clusters:tier", "clusters:announcement"]
)
@pytest.mark.parametrize("slug", ["helse", "gce-subsea", "sak_2", "slug-placeholder-x", "a"])
def test_a_slug_link_is_the_reversed_address(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_under_a_script_prefix_the_links_carry_it():
    set_script_prefix("/helseinfo/")
    try:
        assert slug_url("news:article", "sak") == "/helseinfo/nyheter/sak/"
    finally:
        set_script_prefix("/")
    assert slug_url("news:article", "sak") == "/nyheter/sak/"
