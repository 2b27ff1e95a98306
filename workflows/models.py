"""Every model of the advisory programme, gathered for Django (which loads an app's models from here) and for code
outside the app. Inside `workflows`, import from the domain package that owns the model."""

from .course.models import Audience, CompetenceModule, Course, Enrolment, Evaluation, GuidanceSession, Workshop
from .meetings.models import InformationMeeting, MeetingProcess, MeetingSignup
from .municipality.models import CasePerson
from .programme.models import Cohort, Municipality, Programme, Region
from .registration.models import CaseMessage, CaseNote, DecisionText, Registration, RegistrationProcess
from .staff.models import CalendarFeed
from .steps.models import TaskDeadline

__all__ = [
    "Audience", "CalendarFeed", "CaseMessage", "CaseNote", "CasePerson", "Cohort", "CompetenceModule", "Course",
    "DecisionText", "Enrolment", "Evaluation", "GuidanceSession", "InformationMeeting", "MeetingProcess",
    "MeetingSignup", "Municipality", "Programme", "Region", "Registration", "RegistrationProcess", "TaskDeadline",
    "Workshop",
]
