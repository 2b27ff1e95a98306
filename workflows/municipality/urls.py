"""The addresses of "Jeres forløb", included under /forloeb/jeres/ in the workflows namespace (workflows/urls.py).
The sign-in link's token follows /forloeb/jeres/link/, the prefix the logs redact (core.logs)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="municipality_home"),
    path("log-ind/", views.sign_in_request, name="municipality_sign_in"),
    path("link/<str:token>/", views.sign_in_link, name="municipality_link"),
    path("log-ud/", views.sign_out, name="municipality_sign_out"),
    path("<int:pk>/", views.plan, name="municipality_plan"),
    path("<int:pk>/folk/inviter/", views.invite, name="municipality_invite"),
    path("<int:pk>/folk/<int:person_pk>/fjern/", views.remove, name="municipality_remove"),
]
