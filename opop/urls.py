app_name = "opop"

urlpatterns = []
