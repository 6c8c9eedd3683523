app_name = "gemaskop"

urlpatterns = []
