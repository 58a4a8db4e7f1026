from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "finance"
urlpatterns = [
    # The area has no page of its own: its root leads to the orders, where most people start.
    path("", RedirectView.as_view(pattern_name="finance:order_list"), name="index"),
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/new/", views.OrderCreateView.as_view(), name="order_create"),
    path("orders/approvals/", views.ApprovalListView.as_view(), name="approvals"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/approve/", views.OrderApproveView.as_view(), name="order_approve"),
    path("orders/<int:pk>/reject/", views.OrderRejectView.as_view(), name="order_reject"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order_cancel"),
    path("orders/<int:pk>/history/", views.OrderHistoryView.as_view(), name="order_history"),
    path("subscriptions/", views.SubscriptionListView.as_view(), name="subscription_list"),
    path(
        "departments/<int:pk>/subscriptions/",
        views.DepartmentSubscriptionsView.as_view(),
        name="department_subscriptions",
    ),
    path("costs/", views.CostOverviewView.as_view(), name="cost_overview"),
    path("departments/<int:pk>/costs/", views.DepartmentCostView.as_view(), name="department_cost"),
    path("months/", views.MonthListView.as_view(), name="month_list"),
    path("months/run/", views.MonthRunView.as_view(), name="month_run"),
    path("months/close/", views.MonthCloseView.as_view(), name="month_close"),
    path("work/new/", views.RecordWorkView.as_view(), name="record_work"),
    path("exports/", views.ExportView.as_view(), name="exports"),
    path("exports/charges/", views.ExportDownloadView.as_view(), name="export_charges"),
    path("budgets/", views.BudgetListView.as_view(), name="budget_list"),
    path("budget-rounds/", views.RoundListView.as_view(), name="round_list"),
    path("budget-rounds/new/", views.RoundOpenView.as_view(), name="round_open"),
    path("budget-rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("budget-rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("budget-rounds/<int:pk>/export/", views.RoundExportView.as_view(), name="round_export"),
    path("budget-rounds/<int:pk>/needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("budget-rounds/<int:pk>/no-needs/", views.NoNeedsCreateView.as_view(), name="no_needs_create"),
    path("budget-no-needs/<int:pk>/withdraw/", views.NoNeedsWithdrawView.as_view(), name="no_needs_withdraw"),
    path("budget-needs/<int:pk>/edit/", views.NeedEditView.as_view(), name="need_edit"),
    path("budget-needs/<int:pk>/delete/", views.NeedDeleteView.as_view(), name="need_delete"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
