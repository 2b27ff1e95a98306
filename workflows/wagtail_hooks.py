"""The advisory programme in the Wagtail admin: the programme's records under one menu group (each domain's
viewsets live in its `admin` module) and the staff workspace (`staff.wagtail_hooks`)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .course import services as course_services
from .course.admin import CompetenceModuleViewSet
from .meetings.admin import InformationMeetingViewSet, MeetingSignupViewSet
from .municipality import exchange
from .municipality import services as municipality_services
from .outcomes import services as outcome_services
from .outcomes.admin import IndicatorViewSet
from .programme.admin import MunicipalityViewSet
from .registration import services as registration_services
from .registration.admin import CohortViewSet, DecisionTextViewSet, ProgrammeViewSet, RegistrationViewSet
from .staff import wagtail_hooks as workspace  # noqa: F401  (the staff workspace's menu, panels and views)
from .steps import stand_in


class ProgrammeViewSetGroup(ModelViewSetGroup):
    menu_label = _("Advisory programme")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ProgrammeViewSet, CohortViewSet, InformationMeetingViewSet, MeetingSignupViewSet, RegistrationViewSet,
             DecisionTextViewSet, MunicipalityViewSet, IndicatorViewSet)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeViewSetGroup()


@hooks.register("register_admin_viewset")
def register_competence_modules():
    return CompetenceModuleViewSet("competence_modules")


@hooks.register("register_log_actions")
def register_completion_log_actions(actions):
    actions.register_action(course_services.COMPLETION_RECORDED, _("Module completion recorded"),
                            _("Module completion recorded"))
    actions.register_action(course_services.COMPLETION_UNDONE, _("Module completion undone"),
                            _("Module completion undone"))


@hooks.register("register_log_actions")
def register_case_log_actions(actions):
    actions.register_action(registration_services.NOTE_EDITED, _("Note edited"), _("Note edited"))


@hooks.register("register_log_actions")
def register_exchange_log_actions(actions):
    for action, label in ((exchange.MESSAGE_SENT, _("Message sent to the municipality")),
                          (exchange.MESSAGE_RECEIVED, _("Message from the municipality")),
                          (exchange.DOCUMENT_SHARED, _("Document shared with the municipality")),
                          (exchange.DOCUMENT_UPLOADED, _("Document uploaded by the municipality")),
                          (exchange.DOCUMENT_DELETED, _("Document deleted"))):
        actions.register_action(action, label, label)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(municipality_services.PERSON_INVITED, _("Colleague invited"), _("Colleague invited"))
    actions.register_action(municipality_services.PERSON_REMOVED, _("Removed from the course"),
                            _("Removed from the course"))


@hooks.register("register_log_actions")
def register_stand_in_log_actions(actions):
    actions.register_action(stand_in.FILLED_IN, _("Filled in for the municipality"),
                            _("Filled in for the municipality"))
    actions.register_action(stand_in.WENT_ON, _("Went on without the municipality's answer"),
                            _("Went on without the municipality's answer"))
    actions.register_action(municipality_services.FIRST_SIGN_IN, _("Signed in for the first time"),
                            _("Signed in for the first time"))


@hooks.register("register_log_actions")
def register_outcome_log_actions(actions):
    actions.register_action(outcome_services.SUBMITTED, _("Self-assessment sent by the municipality"),
                            _("Self-assessment sent by the municipality"))
