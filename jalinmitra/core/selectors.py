from django.db.models import Q, QuerySet

from jalinmitra.core.choices import RegionLevel
from jalinmitra.core.models import DEFAULT_KBLI_VERSION, AuditLog, City, KbliCode, Region
from jalinmitra.core.text import fold


def city_current() -> City | None:
    return City.objects.select_related("region").prefetch_related("offices", "officials").first()


def regions_search(
    *, query: str, levels: list[str] | None = None, within: str = "", limit: int = 15
):
    """Type-ahead over region names: every word must appear ("metro pusat")."""
    words = fold(query).split()
    qs = Region.objects.select_related("parent")
    if levels:
        qs = qs.filter(level__in=levels)
    if within:
        qs = qs.filter(code__startswith=within + ".")
    if query.replace(".", "").isdigit():
        return list(qs.filter(code__startswith=query.strip())[:limit])
    for word in words:
        qs = qs.filter(search_name__contains=word)
    if not words:
        return []
    # Shorter names first: "metro pusat" puts the kecamatan before "Kel. Metro" of elsewhere.
    return sorted(qs[: limit * 4], key=lambda r: (len(r.name), r.code))[:limit]


def kbli_search(
    *,
    query: str,
    version: str = DEFAULT_KBLI_VERSION,
    levels: list[str] | None = None,
    limit: int = 15,
) -> list[KbliCode]:
    """Type-ahead over KBLI titles and codes ("keripik" finds 10794 among others)."""
    query = query.strip()
    qs = KbliCode.objects.filter(version=version)
    if levels:
        qs = qs.filter(level__in=levels)
    if query.isdigit():
        return list(qs.filter(code__startswith=query).order_by("code")[:limit])
    words = [w for w in fold(query).split() if w]
    if not words:
        return []
    for word in words:
        qs = qs.filter(search_title__contains=word)
    return list(qs.order_by("code")[:limit])


def kecamatan_of_city(*, city: City) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=city.region_id, level=RegionLevel.KECAMATAN)


def audit_for_business(*, business) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(
        Q(business_id=business.pk)
        | Q(object_type="businesses.business", object_id=str(business.pk))
    ).select_related("actor")
