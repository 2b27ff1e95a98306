"""The documents of "Jeres forløb" (/forloeb/jeres/<pk>/dokumenter/): what the agency shared with the municipality or
its whole cohort, and what the municipality's people uploaded, newest first; the form to upload one; downloading
and deleting. Each document is found only among the case's own (`CourseDocument.objects.for_case`), so another
case's is a 404; who may delete is `permissions.may_delete_upload`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import permissions
from ..course.documents import CourseDocument
from . import exchange
from .auth import person_required
from .forms import DocumentForm


def _back(person):
    return redirect("workflows:municipality_documents", person.registration_id)


@never_cache
@person_required
def documents(request, person):
    """The list (GET), and uploading a document (POST): a form with errors comes back with its input kept."""
    if request.method != "POST":
        return _documents_page(request, person, DocumentForm())
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _documents_page(request, person, form, status=400)
    document = exchange.upload_document(person, form.cleaned_data["kind"], form.cleaned_data["title"],
                                        form.cleaned_data["file"])
    messages.success(request, _("“%(title)s” has been uploaded. The agency has been told by email.") % {
        "title": document.title})
    return _back(person)


def _documents_page(request, person, form, status=200):
    found = exchange.documents(person.registration)
    return render(request, "workflows/municipality/documents.html", {
        "person": person, "registration": person.registration, "form": form,
        "shared": [document for document in found if not document.from_municipality],
        "uploaded": [(document, permissions.may_delete_upload(person, document))
                     for document in found if document.from_municipality],
    }, status=status)


def _document(person, document_pk):
    return get_object_or_404(CourseDocument.objects.for_case(person.registration), pk=document_pk)


@never_cache
@person_required
def download(request, person, document_pk):
    return _document(person, document_pk).download(request)


@never_cache
@person_required
def delete(request, person, document_pk):
    """Confirm (GET) and delete (POST) one of the municipality's uploads."""
    document = _document(person, document_pk)
    if not permissions.may_delete_upload(person, document):
        raise Http404
    if request.method == "POST":
        exchange.delete_document(document, person.user)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": document.title})
        return _back(person)
    return render(request, "workflows/municipality/document_delete.html", {
        "person": person, "registration": person.registration, "document": document,
        "back": reverse("workflows:municipality_documents", args=[person.registration_id])})
