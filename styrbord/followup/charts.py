"""Charts of the report as data for server-rendered SVG (no script; styling by CSS classes).

A chart is a grouped bar chart: categories along the x axis, one bar per series (this year
beside the previous year, or budget beside outcome). Each chart carries a title and a short
text alternative, and the same numbers are shown in a table beside it, so nothing is only
visible as a picture (WCAG 1.1.1, 1.4.1).
"""

from django.utils.dates import MONTHS_3
from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 56


def month_labels():
    return [str(MONTHS_3[month]) for month in range(1, 13)]


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def fmt(value, unit=""):
    if value is None:
        return "–"
    if float(value).is_integer():
        decimals = 0
    elif unit == "kr":
        decimals = 2
    else:  # as many decimals as the figure has, at most three (availability 99.932 %)
        decimals = len(f"{float(value):.3f}".rstrip("0").split(".")[1])
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{text} {unit}".strip() if unit else text


def bar_chart(chart_id, title, categories, series, *, unit="", maximum=None, description=""):
    """``series``: [(name, values, css class)]; values may be None (drawn as no bar)."""
    values = [v for _name, vs, _cls in series for v in vs if v is not None]
    top = maximum if maximum is not None else _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(categories), 1)
    bar_w = max(min(group_w * 0.8 / max(len(series), 1), 40), 2)
    bars, labels = [], []
    for index, category in enumerate(categories):
        x0 = LEFT + index * group_w + (group_w - bar_w * len(series)) / 2
        for position, (name, vs, css) in enumerate(series):
            value = vs[index] if index < len(vs) else None
            if value is None:
                continue
            height = max(plot_h * min(float(value), top) / top, 0) if top else 0
            bars.append(
                {
                    "x": round(x0 + position * bar_w, 1),
                    "y": round(TOP + plot_h - height, 1),
                    "w": round(bar_w - 1, 1),
                    "h": round(height, 1),
                    "css": css,
                    "label": f"{category}, {name}: {fmt(value, unit)}",
                }
            )
        labels.append({"x": round(LEFT + index * group_w + group_w / 2, 1), "text": str(category)[:14]})
    ticks = [{"y": round(TOP + plot_h - plot_h * i / 4, 1), "text": fmt(top * i / 4, unit)} for i in range(5)]
    rows = [
        {"category": category, "values": [fmt(vs[i] if i < len(vs) else None, unit) for _n, vs, _c in series]}
        for i, category in enumerate(categories)
    ]
    if not description:
        description = "; ".join(f"{row['category']}: " + ", ".join(row["values"]) for row in rows[:24])
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "labels": labels,
        "label_y": HEIGHT - BOTTOM + 16,
        "ticks": ticks,
        "axis": {"x1": LEFT, "x2": WIDTH - RIGHT, "y": TOP + plot_h},
        "legend": [
            {"name": name, "css": css, "x": LEFT + i * 180, "y": HEIGHT - 12}
            for i, (name, _v, css) in enumerate(series)
        ],
        "series_names": [name for name, _v, _c in series],
        "rows": rows,
    }


def _years(report):
    return str(report["year"]), str(report["previous_year"])


def charts_for(report):
    """{part: [chart, ...]} for a report dict (current beside previous year)."""
    this, last = _years(report)
    charts = {key: [] for key in ("economy", "delivered", "perceived", "security", "systems")}
    economy = report["economy"]["current"]
    if economy and economy["departments"]:
        rows = economy["departments"]
        charts["economy"].append(
            bar_chart(
                "chart-economy-departments",
                _("Budget and outcome per department %(year)s") % {"year": this},
                [row["name"] for row in rows],
                [
                    (_("Budget"), [row["budget"] for row in rows], "series-b"),
                    (_("Outcome and forecast"), [row["total"] for row in rows], "series-a"),
                ],
                unit="kr",
            )
        )
    previous = report["economy"]["previous"]
    if economy:
        charts["economy"].append(
            bar_chart(
                "chart-economy-months",
                _("Charges per month"),
                month_labels(),
                [(last, (previous or {}).get("months", []), "series-b"), (this, economy["months"], "series-a")],
                unit="kr",
            )
        )
    delivered, delivered_before = report["delivered"]["current"], report["delivered"]["previous"] or {}
    if delivered:
        charts["delivered"].append(
            bar_chart(
                "chart-sla-months",
                _("Resolution target met per month"),
                month_labels(),
                [
                    (last, [m["resolution_share"] for m in delivered_before.get("months", [])], "series-b"),
                    (this, [m["resolution_share"] for m in delivered["months"]], "series-a"),
                ],
                unit="%",
                maximum=100,
            )
        )
        measured = [row for row in delivered["levels"] if row["availability"] is not None]
        if measured:
            charts["delivered"].append(
                bar_chart(
                    "chart-availability",
                    _("Measured availability against the target %(year)s") % {"year": this},
                    [f"{row['service']} {row['level']}" for row in measured],
                    [
                        (_("Target"), [row["availability_target"] for row in measured], "series-b"),
                        (_("Measured"), [row["availability"] for row in measured], "series-a"),
                    ],
                    unit="%",
                    maximum=100,
                )
            )
    perceived, perceived_before = report["perceived"]["current"], report["perceived"]["previous"] or {}
    if perceived:
        charts["perceived"].append(
            bar_chart(
                "chart-satisfaction",
                _("Answers per score after closed tickets (1–5)"),
                ["1", "2", "3", "4", "5"],
                [
                    (last, (perceived_before.get("tickets") or {}).get("distribution", []), "series-b"),
                    (this, perceived["tickets"]["distribution"], "series-a"),
                ],
            )
        )
    security, security_before = report["security"]["current"], report["security"]["previous"] or {}
    if security:
        charts["security"].append(
            bar_chart(
                "chart-security-incidents",
                _("Security incidents per month"),
                month_labels(),
                [
                    (last, security_before.get("incidents_by_month", []), "series-b"),
                    (this, security.get("incidents_by_month", []), "series-a"),
                ],
            )
        )
    systems, systems_before = report["systems"]["current"], report["systems"]["previous"] or {}
    if systems and systems["rules"]:
        before = {rule["key"]: rule["met"] for rule in systems_before.get("rules", [])}
        charts["systems"].append(
            bar_chart(
                "chart-systems-rules",
                _("Vital systems meeting each management rule"),
                [rule["label"] for rule in systems["rules"]],
                [
                    (last, [before.get(rule["key"]) for rule in systems["rules"]], "series-b"),
                    (this, [rule["met"] for rule in systems["rules"]], "series-a"),
                ],
            )
        )
    return charts
