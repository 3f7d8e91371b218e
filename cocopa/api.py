"""The one NinjaAPI, mounted at /api/v1/: routers and error handlers."""

from ninja import NinjaAPI

api = NinjaAPI(title="cocopa API", version="1", urls_namespace="api-v1")
