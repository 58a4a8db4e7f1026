from django.urls import path

from . import views

app_name = "sourcing"
urlpatterns = [
    path("", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/export/", views.ContractExportView.as_view(), name="contract_export"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="contract_create"),
    path("contracts/<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.ContractEditView.as_view(), name="contract_edit"),
    path("contracts/<int:pk>/history/", views.ContractHistoryView.as_view(), name="contract_history"),
    path("contracts/<int:pk>/renew/", views.ContractRenewView.as_view(), name="contract_renew"),
    path(
        "contracts/<int:pk>/security-requirements/",
        views.ContractCopySecurityView.as_view(),
        name="contract_copy_security",
    ),
    path("contracts/<int:pk>/requirements/new/", views.RequirementCreateView.as_view(), name="requirement_create"),
    path("requirements/<int:pk>/edit/", views.RequirementEditView.as_view(), name="requirement_edit"),
    path("requirements/<int:pk>/delete/", views.RequirementDeleteView.as_view(), name="requirement_delete"),
    path("suppliers/", views.SupplierListView.as_view(), name="supplier_list"),
    path("suppliers/new/", views.SupplierCreateView.as_view(), name="supplier_create"),
    path("suppliers/<int:pk>/", views.SupplierDetailView.as_view(), name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.SupplierEditView.as_view(), name="supplier_edit"),
    path("suppliers/<int:pk>/history/", views.SupplierHistoryView.as_view(), name="supplier_history"),
    path("suppliers/<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/edit/", views.ContactEditView.as_view(), name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    path("comparisons/", views.ComparisonListView.as_view(), name="comparison_list"),
    path("comparisons/new/", views.ComparisonCreateView.as_view(), name="comparison_create"),
    path("comparisons/<int:pk>/", views.ComparisonDetailView.as_view(), name="comparison_detail"),
    path("comparisons/<int:pk>/edit/", views.ComparisonEditView.as_view(), name="comparison_edit"),
    path("comparisons/<int:pk>/history/", views.ComparisonHistoryView.as_view(), name="comparison_history"),
    path("comparisons/<int:pk>/criteria/", views.CriteriaView.as_view(), name="comparison_criteria"),
    path("comparisons/<int:pk>/scores/", views.ScoresView.as_view(), name="comparison_scores"),
    path("comparisons/<int:pk>/decide/", views.DecideView.as_view(), name="comparison_decide"),
    path("comparisons/<int:pk>/alternatives/new/", views.AlternativeCreateView.as_view(), name="alternative_create"),
    path("alternatives/<int:pk>/edit/", views.AlternativeEditView.as_view(), name="alternative_edit"),
    path("alternatives/<int:pk>/delete/", views.AlternativeDeleteView.as_view(), name="alternative_delete"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
