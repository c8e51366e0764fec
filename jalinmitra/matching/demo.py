"""The demo's matching feedback (issue 15): some of the demo buyers mark a suggested supplier
"tidak relevan" on their need's page, and a first version of learnt weights is trained from
that and from the shortlists, invitations, meetings and agreements the rest of the demo made,
so the officer's page on weights (/cocok/bobot/) shows something. Called by the demo command;
safe to run again (nothing is added twice; a version is trained only when none exists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jalinmitra.businesses.choices import SizeClass, VerificationStatus
from jalinmitra.businesses.models import Membership, Need
from jalinmitra.businesses.selectors import need_open_q
from jalinmitra.matching import selectors, services
from jalinmitra.matching.choices import FeedbackKind, NotRelevantReason
from jalinmitra.matching.models import PairFeedback, Shortlist, SignalWeights

if TYPE_CHECKING:
    from jalinmitra.accounts.models import User

NEEDS = 10  # buyers' needs that get a shortlist and a "tidak relevan"


@dataclass
class FeedbackDemo:
    not_relevant: int = 0
    version: int | None = None


def feedback_demo_create(*, officer: User) -> FeedbackDemo:
    """On the first ``NEEDS`` open needs of the verified large buyers (by id), the buyer puts
    the first suggested supplier on the shortlist and marks the lowest "tidak relevan": another
    product when its text fits weakly, else too far when it is outside the need's regency,
    else quantity or price."""
    result = FeedbackDemo()
    needs = (
        Need.objects.filter(need_open_q(), business__status=VerificationStatus.VERIFIED)
        .filter(business__size_class__in=[SizeClass.MENENGAH, SizeClass.BESAR])
        .select_related("business", "kbli", "delivery_region", "business__region")
        .order_by("pk")[:NEEDS]
    )
    for need in needs:
        member = Membership.objects.filter(business=need.business).order_by("pk").first()
        if member is None:
            continue
        if PairFeedback.objects.filter(need=need, kind=FeedbackKind.NOT_RELEVANT).exists():
            result.not_relevant += 1
            continue
        ranked = selectors.suppliers_for_need(need=need, top=10)
        if len(ranked) < 3:
            continue
        if not Shortlist.objects.filter(need=need).exists():
            services.shortlist_toggle(
                actor=member.user, need=need, offer=ranked[0].offer, score=ranked[0].score
            )
        last = ranked[-1]
        values = selectors.pair_signal_values(need=need, offer=last.offer)
        if values.get("text", 0.0) < 0.5:
            choice = NotRelevantReason.OTHER_PRODUCT
        elif values.get("region", 1.0) < 0.6:
            choice = NotRelevantReason.DISTANCE
        else:
            choice = NotRelevantReason.CAPACITY_PRICE
        services.pair_not_relevant(actor=member.user, need=need, offer=last.offer, choice=choice)
        result.not_relevant += 1
    if not SignalWeights.objects.exists():
        result.version = services.signal_weights_train(actor=officer).version
    else:
        result.version = SignalWeights.objects.order_by("-version").values_list(
            "version", flat=True
        )[0]
    return result
