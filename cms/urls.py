from django.urls import path

from . import views

urlpatterns = [
    path("soeg/", views.search, name="search"),
    path("nyhedsbrev/", views.newsletter, name="newsletter"),
    path("nyhedsbrev/bekraeft/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path("nyhedsbrev/afmeld/<str:token>/", views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("was", views.accessibility_statement, name="accessibility_statement"),
]
