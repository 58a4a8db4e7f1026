"""Procurement requirements: the supplier requirements that follow from a classification.

``requirements_for(classification)`` lists, for each active measure of the organisation's
catalogue that the classification's need requires, the requirement a tender or contract puts on
the supplier ("Leverantören ska …") with the aspects and levels that triggered it. Measures
without a supplier requirement text are internal (training, the municipality's own routines)
and left out. When any need is 4 a last item says that a separate analysis is needed: the
catalogue stops at level 3. The sourcing app attaches a classification to a contract and calls
this function; the document pages render it as HTML and DOCX.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .choices import Aspect, Level
from .models import Measure
from .requirements import required_measures

LEVEL_4_CODE = "L4"


@dataclass
class RequirementItem:
    code: str
    title: str
    supplier_requirement: str
    triggers: list = field(default_factory=list)  # [(aspect, need level, required from)]
    measure: object = None

    @property
    def trigger_text(self):
        labels = dict(Aspect.choices)
        return ", ".join(f"{labels[aspect]} {level}" for aspect, level, _from in self.triggers)

    def as_dict(self):
        return {
            "code": self.code,
            "title": self.title,
            "supplier_requirement": self.supplier_requirement,
            "triggered_by": [
                {"aspect": aspect, "level": level, "required_from": required_from}
                for aspect, level, required_from in self.triggers
            ],
        }


def _triggers(measure, need):
    return [
        (aspect, need[aspect], level)
        for aspect, level in measure.required_from().items()
        if need.get(aspect) is not None and need[aspect] >= level
    ]


def requirements_for(classification):
    """The supplier requirements of ``classification`` (a list of RequirementItem)."""
    need = classification.need()
    organisation = classification.system.organisation
    items = [
        RequirementItem(
            code=measure.code,
            title=measure.title,
            supplier_requirement=measure.supplier_requirement.strip(),
            triggers=_triggers(measure, need),
            measure=measure,
        )
        for measure in required_measures(need, Measure.objects.in_organisation(organisation))
        if measure.supplier_requirement.strip()
    ]
    level_4 = [aspect for aspect, level in need.items() if level == Level.EXTREMELY_SERIOUS]
    if level_4:
        items.append(
            RequirementItem(
                code=LEVEL_4_CODE,
                title=_("Separate analysis (level 4)"),
                supplier_requirement=_(
                    "The information is classified at level 4 (extremely serious), which is outside the measure "
                    "catalogue. The supplier shall meet the requirements of a separate security analysis "
                    "(protective security), which are given in a separate appendix."
                ),
                triggers=[(aspect, Level.EXTREMELY_SERIOUS, Level.EXTREMELY_SERIOUS) for aspect in level_4],
            )
        )
    return items


def docx_bytes(classification, items, *, organisation_name=""):
    """The requirement list as a Word document to attach to a tender or contract."""
    from io import BytesIO

    from docx import Document

    system = classification.system
    document = Document()
    document.core_properties.title = _("Security requirements for %(system)s") % {"system": system}
    document.add_heading(_("Security requirements for %(system)s") % {"system": system}, level=1)
    labels = dict(Aspect.choices)
    need = classification.need()
    document.add_paragraph(
        _("From the information security classification of %(day)s (%(status)s) by %(organisation)s.")
        % {
            "day": classification.classified_on.isoformat(),
            "status": classification.get_status_display().lower(),
            "organisation": organisation_name or system.organisation,
        }
    )
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = _("Aspect")
    table.rows[0].cells[1].text = _("Protection need")
    for aspect, level in need.items():
        row = table.add_row().cells
        row[0].text = str(labels[aspect])
        row[1].text = str(Level(level).label) if level is not None else "–"
    document.add_heading(_("Requirements on the supplier"), level=2)
    if not items:
        document.add_paragraph(_("The classification gives no supplier requirements."))
    for item in items:
        document.add_heading(f"{item.code} {item.title}", level=3)
        document.add_paragraph(item.supplier_requirement)
        if item.triggers:
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Follows from: %(triggers)s") % {"triggers": item.trigger_text}).italic = True
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
