"""Public URLs of the programme, included under /forloeb/ before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "workflows"

urlpatterns = [
    path("moeder/<int:pk>/tilmeld/", views.meeting_signup, name="meeting_signup"),
    path("moeder/afmeld/<str:token>/", views.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/tilmelding/", views.register, name="register"),
    path("<slug:slug>/tilmelding/send-link/", views.resend_status_link, name="resend_status_link"),
    path("status/nyt-link/", views.request_status_link, name="request_status_link"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/kontakt/", views.status_contacts, name="status_contacts"),
    path("status/<str:token>/afmeld/", views.status_withdraw, name="status_withdraw"),
    path("status/<str:token>/kalender/<slug:event>.ics", views.status_calendar, name="status_calendar"),
]
