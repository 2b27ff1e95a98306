"""Public URLs of the programme, included under /forloeb/ before Wagtail's catch-all."""

from django.urls import include, path

from .course import feedback
from .meetings import views as meetings
from .registration import views as registration
from .status import views as status

app_name = "workflows"

urlpatterns = [
    path("jeres/", include("workflows.municipality.urls")),  # "Jeres forløb": the municipality's people signed in
    path("moeder/<int:pk>/tilmeld/", meetings.meeting_signup, name="meeting_signup"),
    path("moeder/<int:pk>/tilmeld/kvittering/<str:token>/", meetings.signup_receipt, name="meeting_signup_receipt"),
    path("moeder/afmeld/<str:token>/", meetings.meeting_cancel, name="meeting_cancel"),
    path("moeder/afmeld/<str:token>/kalender.ics", meetings.signup_calendar, name="meeting_calendar"),
    path("<slug:slug>/tilmelding/", registration.register, name="register"),
    path("<slug:slug>/tilmelding/kvittering/<str:token>/", registration.registration_receipt,
         name="registration_receipt"),
    path("<slug:slug>/tilmelding/send-link/", registration.resend_status_link, name="resend_status_link"),
    path("status/nyt-link/", registration.request_status_link, name="request_status_link"),
    path("status/<str:token>/", status.status, name="status"),
    path("status/<str:token>/kontakt/", status.status_contacts, name="status_contacts"),
    path("status/<str:token>/afmeld/", status.status_withdraw, name="status_withdraw"),
    path("status/<str:token>/kalender/<slug:event>.ics", status.status_calendar, name="status_calendar"),
    path("evaluering/tak/", feedback.feedback_thanks, name="workshop_feedback_thanks"),
    path("evaluering/<str:token>/", feedback.feedback_form, name="workshop_feedback"),
]
