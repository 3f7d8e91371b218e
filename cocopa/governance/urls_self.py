from django.urls import URLPattern, URLResolver

app_name = "self_service"

urlpatterns: list[URLPattern | URLResolver] = []
