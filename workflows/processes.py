"""Where processes start: the one module that calls a flow's `start`.

A registration is screened, an accepted municipality begins its course, a planned workshop gets its preparation
and reminder, a freed seat is offered, an information meeting is followed up. The services that decide these
things (`registration.services`, `registration.seats`, `course.services`) must not import the flows, because the
flows call the services; and the flows must not import the pages. So the flows hand their start nodes to this
module when they are defined (`@starts(Process.COURSE)`), and everything else asks for the next process by name:

    processes.start(Process.COURSE, registration=registration)

`workflows.apps` imports every flow module at start-up, so every process can be started before the first request.
"""

from enum import StrEnum


class Process(StrEnum):
    SCREENING = "screening"  # an adviser screens a new registration
    SEAT_OFFER = "seat_offer"  # a coordinator offers a freed seat to the first on the waiting list
    COURSE = "course"  # the 18-month course of an accepted municipality
    WORKSHOP = "workshop"  # one development workshop of a course
    MEETING = "meeting"  # reminder, attendance and follow-up of an information meeting


_flows = {}


def starts(process):
    """Class decorator: this flow is the one that runs `process`."""

    def register(flow_class):
        assert process not in _flows, f"{process} already started by {_flows[process].__name__}"
        _flows[process] = flow_class
        return flow_class

    return register


def flow_of(process):
    return _flows[process]


def start(process, **data):
    """Start `process` with `data` (the start node's arguments); returns the new process row."""
    return _flows[process].start.run(**data)
