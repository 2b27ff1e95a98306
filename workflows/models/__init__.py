"""The advisory programme's data, split by domain. Import models from here."""

from .course import (
    Audience,
    CaseNote,
    CompetenceModule,
    Course,
    Enrolment,
    Evaluation,
    GuidanceSession,
    TaskDeadline,
    Workshop,
)
from .meetings import InformationMeeting, MeetingSignup
from .processes import MeetingProcess, RegistrationProcess
from .programme import Cohort, Municipality, Programme, Region
from .registrations import DecisionText, Registration

__all__ = [
    "Audience",
    "CaseNote",
    "CompetenceModule",
    "Course",
    "Enrolment",
    "Evaluation",
    "GuidanceSession",
    "TaskDeadline",
    "Workshop",
    "Cohort",
    "DecisionText",
    "InformationMeeting",
    "MeetingProcess",
    "MeetingSignup",
    "Municipality",
    "Programme",
    "Region",
    "Registration",
    "RegistrationProcess",
]
