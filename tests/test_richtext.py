"""The article body is sanitised on save by an allowlist: whatever is posted, nothing active reaches
a reader, and the formatting a journalist uses survives."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from news.models import Article
from news.richtext import sanitize_html
from tests.admin_forms import form_data
from tests.builders import make_article, make_journalist

TAGS = {"p", "br", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote"}
ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start", "type", "data-type"}}
SAFE_SCHEMES = ("http://", "https://", "mailto:")

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<script>/* unclosed",
    "<p onclick=alert(1)>klikk</p>",
    "<p onmouseover='alert(1)'>pek</p>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle/></svg>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">lenke</a>',
    '<a href="JaVaScRiPt:alert(1)">lenke</a>',
    '<a href=" javascript:alert(1)">mellomrom</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">kodet</a>',
    '<a href="javascript&colon;alert(1)">kolon</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="https://ok.example" onclick="alert(1)" style="color:red">ok-lenke</a>',
    '<p style="background:url(javascript:alert(1))">stil</p>',
    "<style>body{display:none}</style><p>tekst</p>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example"><input name="pw"><button>Send</button></form>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<p <img src=x onerror=alert(1)>>ødelagt</p>",
    "<div><p>åpen<strong>fet <em>kursiv",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="https://ok.example" target="_blank">mål</a>',
    '<h2 id="x" class="stor" data-x="1">Mellomtittel</h2>',
    '<video><source onerror="alert(1)"></video>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<textarea autofocus onfocus="alert(1)"></textarea>',
    "<template><script>alert(1)</script></template>",
    "<p>\x00<script>alert(1)</script></p>",
]


class Checker(HTMLParser):
    """Collects everything in sanitised HTML that is not on the allowlist."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and not (value or "").strip().lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"href {value!r}")

    def handle_comment(self, data):
        self.problems.append("comment")


def problems_in(html):
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def test_there_are_at_least_thirty_hostile_bodies():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("body", HOSTILE)
def test_a_hostile_body_comes_out_harmless(body):
    clean = sanitize_html(body)

    assert problems_in(clean) == []
    assert "<script" not in clean.lower(), "what is left of markup is escaped text"


@pytest.mark.parametrize("body", HOSTILE[:10])
def test_sanitising_is_stable(body):
    once = sanitize_html(body)

    assert sanitize_html(once) == once


def test_normal_formatting_survives():
    body = (
        "<h2>Viktig satsing</h2>"
        "<p>Klyngene får <strong>137 millioner</strong> og <em>mye</em> oppmerksomhet.<br>Ny linje.</p>"
        "<blockquote><p>– Dette er en viktig dag, sier Mæland.</p></blockquote>"
        "<h3>Her er de nye næringsklyngene:</h3>"
        "<ul><li>GCE Subsea (Bergen)</li><li>NCE Eyde (Agder-fylkene)</li></ul>"
        '<ol start="2"><li>To</li></ol>'
        '<p><a href="https://www.innovasjonnorge.no/">Innovasjon Norge</a> og '
        '<a href="mailto:red@helseinfo.no">redaksjonen</a></p>'
    )

    clean = sanitize_html(body)

    assert clean == body.replace(
        '<a href="https://www.innovasjonnorge.no/">',
        '<a href="https://www.innovasjonnorge.no/" rel="noopener noreferrer">',
    ).replace(
        '<a href="mailto:red@helseinfo.no">', '<a href="mailto:red@helseinfo.no" rel="noopener noreferrer">'
    )


def test_text_that_looks_like_markup_stays_text():
    assert sanitize_html("<p>a &lt; b &amp;&amp; c &gt; d</p>") == "<p>a &lt; b &amp;&amp; c &gt; d</p>"


@pytest.mark.django_db
def test_saving_an_article_sanitises_its_body_whatever_the_caller():
    article = make_article(
        body='<p onclick="x()">Hei<script>alert(1)</script></p><iframe src="//x"></iframe>'
    )

    assert Article.objects.get(pk=article.pk).body == "<p>Hei</p>"


@pytest.mark.django_db
def test_what_is_posted_to_the_admin_is_sanitised(client):
    client.force_login(make_journalist())
    article = make_article()
    url = reverse("admin:news_article_change", args=[article.pk])
    hostile = '<p>Tekst<img src=x onerror=alert(1)></p><a href="javascript:alert(1)">x</a><style>p{}</style>'

    client.post(url, form_data(client.get(url), body=hostile))

    assert problems_in(Article.objects.get(pk=article.pk).body) == []
    assert Article.objects.get(pk=article.pk).body.startswith("<p>Tekst</p>")
