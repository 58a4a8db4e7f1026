from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
    path("organisation/edit/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("organisation/history/", views.OrganisationHistoryView.as_view(), name="organisation_history"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("departments/<int:pk>/delete/", views.DepartmentDeleteView.as_view(), name="department_delete"),
    path("departments/<int:pk>/history/", views.DepartmentHistoryView.as_view(), name="department_history"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/status/", views.PersonStatusView.as_view(), name="person_status"),
    path("people/<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
    path("people/<int:pk>/roles/", views.RoleAssignView.as_view(), name="role_assign"),
    path("people/<int:pk>/membership/", views.MembershipAddView.as_view(), name="membership_add"),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/<int:pk>/revoke/", views.RoleRevokeView.as_view(), name="role_revoke"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/tokens/", views.TokenCreateView.as_view(), name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
