app_name = "finance-api"
urlpatterns = []
