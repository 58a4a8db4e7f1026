from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("services/new/", views.ServiceCreateView.as_view(), name="service_create"),
    path("services/<int:pk>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<int:pk>/edit/", views.ServiceEditView.as_view(), name="service_edit"),
    path("services/<int:pk>/history/", views.ServiceHistoryView.as_view(), name="service_history"),
    path("services/<int:pk>/levels/new/", views.LevelCreateView.as_view(), name="level_create"),
    path("levels/<int:pk>/edit/", views.LevelEditView.as_view(), name="level_edit"),
    path("levels/<int:pk>/history/", views.LevelHistoryView.as_view(), name="level_history"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/new/", views.AreaCreateView.as_view(), name="area_create"),
    path("areas/defaults/", views.AreaDefaultsView.as_view(), name="area_defaults"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("calendars/", views.CalendarListView.as_view(), name="calendar_list"),
    path("calendars/new/", views.CalendarCreateView.as_view(), name="calendar_create"),
    path("calendars/<int:pk>/", views.CalendarDetailView.as_view(), name="calendar_detail"),
    path("calendars/<int:pk>/edit/", views.CalendarEditView.as_view(), name="calendar_edit"),
    path("calendars/<int:pk>/history/", views.CalendarHistoryView.as_view(), name="calendar_history"),
    path("closed-days/new/", views.ClosedDayCreateView.as_view(), name="closed_day_create"),
    path("closed-days/<int:pk>/delete/", views.ClosedDayDeleteView.as_view(), name="closed_day_delete"),
    path("price-lists/", views.PriceListListView.as_view(), name="price_list_list"),
    path("price-lists/new/", views.PriceListCreateView.as_view(), name="price_list_create"),
    path("price-lists/<int:pk>/", views.PriceListDetailView.as_view(), name="price_list_detail"),
    path("price-lists/<int:pk>/prices/", views.PriceListPricesView.as_view(), name="price_list_prices"),
    path("price-lists/<int:pk>/publish/", views.PriceListPublishView.as_view(), name="price_list_publish"),
    path("price-lists/<int:pk>/history/", views.PriceListHistoryView.as_view(), name="price_list_history"),
]
