"""Revising a question under real concurrency, on PostgreSQL: two coordinators rewording an answered question at
the same moment make one new version, and the second is told that a newer version exists."""

import pytest

from devtools.factories.core import UserFactory
from devtools.factories.workflows import RegistrationFactory, SelfAssessmentFactory, municipality
from tests.support.programme import at_the_same_moment
from workflows.outcomes import services
from workflows.outcomes.models import Indicator
from workflows.permissions import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_coordinators_rewording_an_answered_question_at_once_make_one_new_version(postgres_only):
    roles = Indicator.objects.get(key="peer_roles", version=1)
    SelfAssessmentFactory(registration=RegistrationFactory(municipality=municipality("aarhus")))
    coordinators = [UserFactory(groups=[Role.COORDINATOR]) for _ in range(2)]
    refused = []

    def reword(coordinator):
        try:
            services.revise(roles, {"label": f"Ordlyd fra {coordinator.username}"}, coordinator)
        except services.Superseded as error:
            refused.append(error)

    assert at_the_same_moment(reword, coordinators) == []
    assert list(Indicator.objects.filter(key="peer_roles").values_list("version", "active")) == [(1, False), (2, True)]
    [superseded] = refused
    assert superseded.newest.version == 2
