from django.urls import path

from . import views

app_name = "infra"
urlpatterns = [
    path("", views.ItemListView.as_view(), name="item_list"),
    path("items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path("items/export/", views.ExportView.as_view(), name="item_export"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/history/", views.ItemHistoryView.as_view(), name="item_history"),
    path("items/<int:pk>/impact/", views.ItemImpactView.as_view(), name="item_impact"),
    path("items/<int:pk>/relations/new/", views.RelationCreateView.as_view(), name="relation_create"),
    path("relations/<int:pk>/delete/", views.RelationDeleteView.as_view(), name="relation_delete"),
    path("types/", views.ItemTypeListView.as_view(), name="type_list"),
    path("types/new/", views.ItemTypeCreateView.as_view(), name="type_create"),
    path("types/<int:pk>/", views.ItemTypeDetailView.as_view(), name="type_detail"),
    path("types/<int:pk>/edit/", views.ItemTypeEditView.as_view(), name="type_edit"),
    path("types/<int:pk>/history/", views.ItemTypeHistoryView.as_view(), name="type_history"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("reconciliation/", views.ReconciliationView.as_view(), name="reconciliation"),
]
