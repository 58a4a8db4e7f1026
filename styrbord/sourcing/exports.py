"""The contract register as an XLSX file: the rows the person may read, with the list's filters.

Amounts and dates are written as numbers and dates so that sums and sorting work; text cells go
through ``escape_formula`` so that none can start a formula (CSV/XLSX injection).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.spreadsheets import download


def headers():
    return [
        _("Reference"),
        _("Title"),
        _("Supplier"),
        _("Organisation number"),
        _("Start"),
        _("End"),
        _("Notice period (months)"),
        _("Last date to give notice"),
        _("Renewal options"),
        _("Renewals used"),
        _("Annual value (SEK)"),
        _("Contract owner"),
        _("Status"),
        _("Procurement form"),
        _("Procurement reference"),
        _("Systems"),
        _("Services"),
    ]


def row(contract):
    renewals = (
        _("%(count)d × %(months)d months") % {"count": contract.renewal_count, "months": contract.renewal_months}
        if contract.renewal_count
        else ""
    )
    return [
        contract.reference,
        contract.title,
        contract.supplier.name,
        contract.supplier.org_number,
        contract.start_date,
        contract.end_date,
        contract.notice_months,
        contract.notice_date,
        renewals,
        contract.renewals_used,
        contract.annual_value,
        str(contract.owner),
        contract.get_status_display(),
        contract.get_procurement_form_display(),
        contract.procurement_reference,
        ", ".join(s.name for s in contract.systems.all()),
        ", ".join(s.name for s in contract.services.all()),
    ]


def contract_download(contracts):
    rows = [row(contract) for contract in contracts]
    filename = f"contracts-{timezone.localdate():%Y-%m-%d}"
    return download(headers(), rows, fmt="xlsx", filename=filename, title=_("Contracts"))
