"""Finance (strategy §4–5): orders and subscriptions, monthly charges, closing, exports, budgets.

Where each decision is explained:

- ``scoping.py``: who reads which rows (whole organisation or a department subtree); pages answer
  403 for a colleague without the right, the API 404.
- ``rules.py``: who orders, approves (a department head's own order carries their approval; IT
  reviews services marked for it), closes months, enters budget needs.
- ``services.py``: orders become subscription *periods* (one per department and service at any
  date; a change closes the current period the day before its effective date); months are run
  idempotently, closed oldest first, and later corrections of a closed month become adjustment
  lines in the first open month; ``record_work()`` is the plain call for hourly work and
  one-off purchases.
- ``charging.py``: proration by calendar days, rounding to whole öre half up, published prices
  of the month's year only.
- ``reports.py``: outcome vs forecast, budgets of a subtree, cost coverage, the budget round's
  forecast (next year's prices, else this year's marked as estimated).
- ``exports.py``: CSV for Excel in Swedish (semicolon, BOM, decimal comma), XLSX with numbers,
  formula escaping, SIE 4 with one voucher per department and month.
- ``notifications.py``: order e-mail to the approvers and back to the orderer, after the commit,
  in each recipient's language (see docs/finance.md).
- ``api/views.py``: ``/api/finance/budget-lines/`` are the planned needs; the computed forecast
  is ``budget-lines/forecast/?round=<id>``; ``/api/finance/no-needs/`` the departments' "no
  needs" answers.
"""
