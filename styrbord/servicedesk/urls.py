from django.urls import path

from . import views

app_name = "servicedesk"
urlpatterns = [
    # The portal: every employee.
    path("", views.MyTicketsView.as_view(), name="my_tickets"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("request/", views.RequestView.as_view(), name="request"),
    path("planned-maintenance/", views.PlannedMaintenanceView.as_view(), name="planned_maintenance"),
    # One ticket: the portal's or the staff's page, by who asks.
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/reply/", views.ReplyView.as_view(), name="ticket_reply"),
    path("tickets/<int:pk>/reopen/", views.ReopenView.as_view(), name="ticket_reopen"),
    path("tickets/<int:pk>/order/", views.OrderRequestView.as_view(), name="ticket_order"),
    path("tickets/<int:pk>/files/", views.AttachmentUploadView.as_view(), name="ticket_attach"),
    path("tickets/<int:pk>/classify/", views.ClassifyView.as_view(), name="ticket_classify"),
    path("tickets/<int:pk>/assign/", views.AssignView.as_view(), name="ticket_assign"),
    path("tickets/<int:pk>/status/", views.StatusView.as_view(), name="ticket_status"),
    path("tickets/<int:pk>/time/", views.TimeEntryView.as_view(), name="ticket_time"),
    path("tickets/<int:pk>/link/", views.LinkView.as_view(), name="ticket_link"),
    path("tickets/<int:pk>/history/", views.TicketHistoryView.as_view(), name="ticket_history"),
    path("files/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    # Staff.
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("queue/assign/", views.BulkAssignView.as_view(), name="bulk_assign"),
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("tickets/new/", views.StaffTicketCreateView.as_view(), name="ticket_create"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan_history"),
    path("queues/", views.QueueMembersView.as_view(), name="queue_members"),
    path("settings/", views.DeskSettingsView.as_view(), name="desk_settings"),
]
