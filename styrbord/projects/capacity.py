"""What fits in IT's capacity: the ranked list against the hours IT has for development.

The rule: total capacity is the sum of the period's quarterly hours. Walk down the ranked list in
rank order adding each project's estimated IT hours; a project fits while the running total stays
within the capacity. The line is drawn at the first project that does not fit: every project below
it is below the line too, even a small one that would squeeze in, because the ranking is the
decision and a smaller project must not overtake a more important one. A project without an
estimate counts as zero hours and is flagged, so the meeting sees the gap in the basis.
"""

from dataclasses import dataclass


@dataclass
class Line:
    entry: object
    hours: int
    cumulative: int
    fits: bool
    missing_estimate: bool


@dataclass
class Fit:
    lines: list
    capacity: int
    planned: int  # hours of the projects that fit

    @property
    def remaining(self):
        return self.capacity - self.planned


def compute(entries, capacity_hours):
    """``entries`` in rank order (each with ``.project.estimated_hours``); ``capacity_hours`` a total."""
    lines, cumulative, below_line, planned = [], 0, False, 0
    for entry in entries:
        hours = entry.project.estimated_hours or 0
        cumulative += hours
        fits = not below_line and cumulative <= capacity_hours
        if fits:
            planned = cumulative
        else:
            below_line = True
        lines.append(Line(entry, hours, cumulative, fits, entry.project.estimated_hours is None))
    return Fit(lines, capacity_hours, planned)


def fit_of(prioritisation):
    entries = list(prioritisation.entries.select_related("project").order_by("rank"))
    total = sum(row.hours for row in prioritisation.capacity.all())
    return compute(entries, total)
