"""Every model of the advisory programme, gathered for Django (which loads an app's models from here) and for code
outside the app. Inside `workflows`, import from the domain package that owns the model."""

from .course.documents import CourseDocument
from .course.models import (
    Audience,
    CompetenceModule,
    Course,
    Enrolment,
    Evaluation,
    GuidanceSession,
    Nomination,
    ParticipantRole,
    Workshop,
    WorkshopAttendee,
    WorkshopResponse,
)
from .meetings.models import InformationMeeting, MeetingProcess, MeetingSignup
from .municipality.models import CasePerson, PlanFeed
from .outcomes.models import Answer, Indicator, SelfAssessment
from .programme.models import Cohort, Municipality, Programme, Region
from .registration.models import (
    CaseMessage,
    CaseNote,
    DecisionText,
    MessageAttachment,
    Registration,
    RegistrationProcess,
    ThreadVisit,
)
from .staff.models import CalendarFeed
from .steps.models import TaskDeadline, TaskNotice

__all__ = [
    "Answer", "Audience", "CalendarFeed", "CaseMessage", "CaseNote", "CasePerson", "Cohort", "CompetenceModule",
    "Course", "CourseDocument", "DecisionText", "Enrolment", "Evaluation", "GuidanceSession", "Indicator",
    "InformationMeeting", "MeetingProcess", "MeetingSignup", "MessageAttachment", "Municipality", "Nomination",
    "ParticipantRole", "PlanFeed", "Programme", "Region", "Registration", "RegistrationProcess", "SelfAssessment",
    "TaskDeadline", "TaskNotice", "ThreadVisit", "Workshop", "WorkshopAttendee", "WorkshopResponse",
]
