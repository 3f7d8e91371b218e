"""The public news, under the bilingual site (/news/, /en/news/)."""

from django.urls import path

from cocopa.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("feed/rss/", feeds.RssFeed(), name="feed-rss"),
    path("feed/atom/", feeds.AtomFeed(), name="feed-atom"),
    path("pictures/<int:pk>/", views.image, name="image"),
    path("<slug:slug>/", views.detail, name="detail"),
]
