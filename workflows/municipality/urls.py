"""The addresses of "Jeres forløb", included under /forloeb/jeres/ in the workflows namespace (workflows/urls.py).
The sign-in link's token follows /forloeb/jeres/link/ and a calendar address's /forloeb/jeres/kalender/, the prefixes
the logs redact (core.logs)."""

from django.urls import path

from . import documents, feed, messages, oidc, tasks, views

urlpatterns = [
    path("", views.home, name="municipality_home"),
    path("log-ind/", views.sign_in_request, name="municipality_sign_in"),
    path("link/<str:token>/", views.sign_in_link, name="municipality_link"),
    path("log-ud/", views.sign_out, name="municipality_sign_out"),
    path("mitid/", oidc.SignInView.as_view(), name="municipality_oidc"),
    path("mitid/retur/", oidc.CallbackView.as_view(), name="municipality_oidc_callback"),
    path("kalender/<str:token>.ics", feed.feed, name="municipality_feed"),
    path("<int:pk>/kalender/", feed.subscribe, name="municipality_feed_subscribe"),
    path("<int:pk>/", views.plan, name="municipality_plan"),
    path("<int:pk>/opgaver/<int:task_id>/", tasks.task_screen, name="municipality_task"),
    path("<int:pk>/beskeder/", messages.thread, name="municipality_messages"),
    path("<int:pk>/beskeder/bilag/<int:attachment_pk>/", messages.attachment, name="municipality_attachment"),
    path("<int:pk>/dokumenter/", documents.documents, name="municipality_documents"),
    path("<int:pk>/dokumenter/<int:document_pk>/", documents.download, name="municipality_document"),
    path("<int:pk>/dokumenter/<int:document_pk>/slet/", documents.delete, name="municipality_document_delete"),
    path("<int:pk>/folk/inviter/", views.invite, name="municipality_invite"),
    path("<int:pk>/folk/<int:person_pk>/fjern/", views.remove, name="municipality_remove"),
]
