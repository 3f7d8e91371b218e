from django.urls import URLPattern, URLResolver

app_name = "fees"

urlpatterns: list[URLPattern | URLResolver] = []
