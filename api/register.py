"""/api/v1/clusters/, tiers/, regions/ and announcements/: the cluster register, whole (it is small)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from clusters.models import Announcement, Cluster, Decision, Region, Tier
from clusters.timeline import timeline

from . import schemas
from .links import announcement_ref, cluster_ref, label_ref, region_ref, tier_ref

router = Router(tags=["Klyngeregisteret"])


def clusters():
    """Clusters with their regions and history, in a fixed number of queries."""
    decisions = Decision.objects.select_related("tier", "label", "announcement").order_by(
        "effective_on", "pk"
    )
    clusters = Cluster.objects.with_current_tier().named_on()
    return clusters.prefetch_related("regions", Prefetch("decisions", decisions))


def cluster_data(cluster, tiers):
    """One cluster; `tiers` are every tier by primary key. Its timeline is Cluster.timeline()'s, from the
    decisions prefetched."""
    periods = timeline(cluster.decisions.all(), timezone.localdate())
    return cluster_ref(cluster) | {
        "former_names": cluster.former_names_list,
        "regions": [region_ref(region) for region in cluster.regions.all()],
        "description": cluster.description,
        "website": cluster.website,
        "members": cluster.members,
        "members_as_of": cluster.members_as_of,
        "leader": cluster.leader,
        "tier_now": tier_ref(tiers.get(cluster.current_tier_id)),
        "timeline": [period_data(period) for period in periods],
    }


def period_data(period):
    return {
        "kind": period.kind,
        "name": period.name,
        "slug": getattr(period.obj, "slug", None),
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "decisions": [decision_data(decision) for decision in period.decisions],
    }


def decision_data(decision):
    return {
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "effective_on": decision.effective_on,
        "tier": tier_ref(decision.tier) if decision.tier_id else None,
        "label": label_ref(decision.label) if decision.label_id else None,
        "former_name": decision.former_name,
        "announcement": announcement_ref(decision.announcement) if decision.announcement_id else None,
        "source_url": decision.source_url,
        "note": decision.note,
    }


@router.get(
    "/clusters/",
    response=list[schemas.Cluster],
    summary="Alle klynger, med programnivå i dag og hele historien.",
    url_name="clusters",
)
def cluster_list(request):
    tiers = Tier.objects.in_bulk()
    return [cluster_data(cluster, tiers) for cluster in clusters()]


@router.get(
    "/clusters/{slug}/",
    response={200: schemas.Cluster, 404: schemas.Error},
    summary="Én klynge.",
    url_name="cluster",
)
def cluster_detail(request, slug: str):
    return cluster_data(get_object_or_404(clusters(), slug=slug), Tier.objects.in_bulk())


def tier_data(tier):
    return tier_ref(tier) | {
        "description": tier.description,
        "order": tier.order,
        "starts_on": tier.starts_on,
        "ends_on": tier.ends_on,
        "is_current": tier.applies_on(timezone.localdate()),
    }


@router.get(
    "/tiers/",
    response=list[schemas.Tier],
    summary="Programnivåene, nåværende og tidligere, i programmets rekkefølge.",
    url_name="tiers",
)
def tier_list(request):
    return [tier_data(tier) for tier in Tier.objects.all()]


@router.get(
    "/tiers/{slug}/",
    response={200: schemas.Tier, 404: schemas.Error},
    summary="Ett programnivå.",
    url_name="tier",
)
def tier_detail(request, slug: str):
    return tier_data(get_object_or_404(Tier, slug=slug))


def regions():
    return Region.objects.prefetch_related(
        Prefetch("clusters", queryset=Cluster.objects.named_on().order_by("name"))
    )


def region_data(region):
    return region_ref(region) | {"clusters": [cluster_ref(cluster) for cluster in region.clusters.all()]}


@router.get(
    "/regions/", response=list[schemas.Region], summary="Regionene, med klyngene i hver.", url_name="regions"
)
def region_list(request):
    return [region_data(region) for region in regions()]


@router.get(
    "/regions/{slug}/",
    response={200: schemas.Region, 404: schemas.Error},
    summary="Én region.",
    url_name="region",
)
def region_detail(request, slug: str):
    return region_data(get_object_or_404(regions(), slug=slug))


def announcements():
    decisions = Decision.objects.select_related("cluster", "tier", "label").order_by("cluster__name", "pk")
    return Announcement.objects.prefetch_related(Prefetch("decisions", queryset=decisions))


def announcement_data(announcement):
    return announcement_ref(announcement) | {
        "date_note": announcement.date_note,
        "announced_by": announcement.announced_by,
        "summary": announcement.summary,
        "source_url": announcement.source_url,
        "budget_nok": announcement.budget_nok,
        "budget_year": announcement.budget_year,
        "active_projects": announcement.active_projects,
        "decisions": [
            decision_data(decision) | {"cluster": cluster_ref(decision.cluster)}
            for decision in announcement.decisions.all()
        ],
    }


@router.get(
    "/announcements/",
    response=list[schemas.Announcement],
    summary="Kunngjøringene, nyeste først, med beslutningene i hver.",
    url_name="announcements",
)
def announcement_list(request):
    return [announcement_data(announcement) for announcement in announcements()]


@router.get(
    "/announcements/{slug}/",
    response={200: schemas.Announcement, 404: schemas.Error},
    summary="Én kunngjøring.",
    url_name="announcement",
)
def announcement_detail(request, slug: str):
    return announcement_data(get_object_or_404(announcements(), slug=slug))
