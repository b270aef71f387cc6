"""What the API answers, as declared in its OpenAPI schema. Addresses are absolute; dates are ISO 8601,
times with the site's offset (Europe/Oslo)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class Error(Schema):
    error: str = Field(description="Hva som er galt, på norsk.")
    errors: dict[str, list[dict[str, str]]] = Field(
        default_factory=dict,
        description="Feilene per parameter: {parameter: [{message, code}]}.",
    )


class TierRef(Schema):
    slug: str
    short_name: str
    name: str
    url: str


class RegionRef(Schema):
    slug: str
    name: str


class ClusterRef(Schema):
    slug: str
    name: str
    url: str


class AnnouncementRef(Schema):
    slug: str
    title: str
    date: date
    url: str


# Articles


class ArticleCluster(ClusterRef):
    tier_then: TierRef | None = Field(description="Klyngens programnivå den dagen saken ble publisert.")
    tier_now: TierRef | None = Field(description="Klyngens programnivå i dag.")


class Category(Schema):
    slug: str
    name: str
    path: str = Field(description="Kategorien med dem den ligger under, f.eks. «Helseblogg › Kosthold».")
    is_press_release: bool


class Rendition(Schema):
    url: str
    width: int
    format: Literal["webp", "jpeg"]


class Creator(Schema):
    name: str
    kind: Literal["person", "organisation"]


class Photo(Schema):
    url: str = Field(description="En JPEG omtrent 1200 piksler bred.")
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str
    credit_kind: Literal["auto", "person", "organisation"] = Field(
        description="Hva krediteringen gjelder, slik redaksjonen satte det («auto»: ut fra teksten)."
    )
    creators: list[Creator] = Field(description="Hvem som laget bildet, ut fra krediteringen.")
    renditions: list[Rendition]


class Correction(Schema):
    created: datetime
    text: str


class Article(Schema):
    slug: str
    url: str
    headline: str
    lead: str
    body_html: str = Field(description="Brødteksten som renset HTML.")
    published: datetime
    modified: datetime = Field(description="Publisering, eller en senere endring eller rettelse.")
    authors: list[str] = Field(description="Forfatterne med fullt navn, så eventuell byline.")
    category: Category | None
    source_name: str
    source_url: str
    clusters: list[ArticleCluster]
    photo: Photo | None
    announcement: AnnouncementRef | None
    corrections: list[Correction]


class ArticlePage(Schema):
    items: list[Article]
    next_cursor: str | None = Field(description="Markøren for neste side; null på siste side.")
    next: str | None = Field(description="Adressen til neste side, med de samme filtrene.")


# The cluster register


class Tier(TierRef):
    description: str
    order: int
    starts_on: date | None
    ends_on: date | None = Field(description="Første dag nivået ikke lenger gjelder; null mens det gjelder.")
    is_current: bool


class LabelRef(Schema):
    slug: str
    name: str


class Decision(Schema):
    kind: Literal[
        "admitted",
        "advanced",
        "moved_down",
        "extended",
        "left",
        "label_granted",
        "label_withdrawn",
        "renamed",
    ]
    kind_label: str = Field(description="Beslutningen med ord, f.eks. «rykket opp».")
    effective_on: date = Field(description="Dagen beslutningen gjelder fra.")
    tier: TierRef | None = Field(
        description="Nivået klyngen kom inn i (tatt opp, rykket opp, flyttet ned, forlenget)."
    )
    label: LabelRef | None = Field(description="Merket klyngen fikk eller mistet.")
    former_name: str = Field(description="Ved navnebytte: navnet klyngen hadde fram til datoen.")
    announcement: AnnouncementRef | None = Field(description="Kunngjøringen som er kilden, om det er én.")
    source_url: str
    note: str


class Period(Schema):
    kind: Literal["tier", "label", "name"]
    name: str
    slug: str | None = Field(description="Programnivåets eller merkets adresse; null for et navn.")
    starts_on: date | None = Field(
        description="Første dag; null når den ikke er kjent (et navn før første beslutning)."
    )
    ends_on: date | None = Field(description="Første dag perioden ikke gjelder; null mens den varer.")
    decisions: list[Decision]


class Cluster(ClusterRef):
    former_names: list[str]
    regions: list[RegionRef]
    description: str
    website: str
    members: int | None
    members_as_of: date | None
    leader: str
    tier_now: TierRef | None
    timeline: list[Period]


class Region(RegionRef):
    clusters: list[ClusterRef]


class AnnouncementDecision(Decision):
    cluster: ClusterRef


class Announcement(AnnouncementRef):
    date_note: str
    announced_by: str
    summary: str
    source_url: str
    budget_nok: int | None
    budget_year: int | None
    active_projects: int | None
    decisions: list[AnnouncementDecision]
