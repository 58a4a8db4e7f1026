"""The ranking of a comparison: each alternative's weighted score, best first, ties explained.

The weighted score is Σ weight × score / 100 over the criteria: with weights adding up to 100
and scores from 1 to 5 it is itself on the 1–5 scale. Decimal arithmetic, rounded to two
decimals only for display, so that equal totals are exactly equal. Alternatives with the same
total share a rank; the ranking says so and shows their prices over the contract period, because
the strategy asks for the most cost-effective of equals (§3), but it does not break the tie: the
decision does, with its reason.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .choices import WEIGHT_TOTAL

HUNDRED = Decimal(WEIGHT_TOTAL)


@dataclass
class Ranked:
    alternative: object
    total: Decimal | None  # None while a score is missing
    rank: int | None = None
    missing: list = field(default_factory=list)  # criteria without a score
    tied_with: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # (criterion, score or None, weighted contribution or None)

    @property
    def display_total(self):
        return None if self.total is None else self.total.quantize(Decimal("0.01"))


@dataclass
class Ranking:
    rows: list
    weight_total: int
    notes: list

    @property
    def complete(self):
        return bool(self.rows) and all(row.total is not None for row in self.rows)

    @property
    def weights_ok(self):
        return self.weight_total == WEIGHT_TOTAL

    @property
    def leaders(self):
        return [row for row in self.rows if row.rank == 1]


def rank(alternatives, criteria, scores):
    """``scores``: {(alternative id, criterion id): value}. Returns a Ranking, best first."""
    criteria = list(criteria)
    weight_total = sum(c.weight for c in criteria)
    rows = []
    for alternative in alternatives:
        total, missing, cells = Decimal(0), [], []
        for criterion in criteria:
            value = scores.get((alternative.pk, criterion.pk))
            if value is None:
                missing.append(criterion)
                cells.append((criterion, None, None))
                continue
            contribution = Decimal(criterion.weight) * Decimal(value) / HUNDRED
            total += contribution
            cells.append((criterion, value, contribution))
        rows.append(Ranked(alternative, None if missing or not criteria else total, missing=missing, cells=cells))
    scored = sorted((r for r in rows if r.total is not None), key=lambda r: -r.total)
    unscored = [r for r in rows if r.total is None]
    notes = []
    previous = None
    for index, row in enumerate(scored, start=1):
        if previous is not None and row.total == previous.total:
            row.rank = previous.rank
        else:
            row.rank = index
        previous = row
    groups = {}
    for row in scored:
        groups.setdefault(row.rank, []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        for row in group:
            row.tied_with = [other.alternative for other in group if other is not row]
        notes.append(
            _(
                "%(names)s have the same weighted score (%(total)s). Prices over the contract period: "
                "%(prices)s. The decision must give the reason for the choice between them."
            )
            % {
                "names": ", ".join(str(r.alternative) for r in group),
                "total": group[0].display_total,
                "prices": ", ".join(f"{r.alternative} {r.alternative.price} SEK" for r in group),
            }
        )
    if weight_total != WEIGHT_TOTAL and criteria:
        notes.append(
            _("The weights add up to %(total)s, not 100: the ranking is not valid until they are corrected.")
            % {"total": weight_total}
        )
    return Ranking(rows=scored + unscored, weight_total=weight_total, notes=notes)


def ranking_of(comparison):
    """Rank a comparison; uses prefetched ``alternatives__scores`` and ``criteria`` when there are any."""
    alternatives = sorted(comparison.alternatives.all(), key=lambda a: a.pk)
    criteria = sorted(comparison.criteria.all(), key=lambda c: (c.order, c.pk))
    scores = {(s.alternative_id, s.criterion_id): s.value for a in alternatives for s in a.scores.all()}
    return rank(alternatives, criteria, scores)
