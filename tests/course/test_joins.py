"""The course's two joins (`CourseFlow.all_done` over the strands split at the kickoff, `course_done` over that and
the municipality's goals, split off before): viewflow joins the branches of one split by their tokens, so the
process ends when both have arrived, in either order, and not before."""

import pytest
from viewflow.workflow.status import STATUS

from tests.support.flows import NestedJoinFlow

pytestmark = pytest.mark.django_db


def _handle(process, node):
    return process.task_set.get(flow_task=node, status=STATUS.NEW)


@pytest.mark.parametrize("order", [("goals", "strand"), ("strand", "goals")])
def test_the_process_ends_when_the_inner_join_and_the_outer_strand_have_both_arrived(order):
    process = NestedJoinFlow.start.run()
    for name in order:
        assert process.status != STATUS.DONE
        node = getattr(NestedJoinFlow, name)
        node.run(_handle(process, node))
        process.refresh_from_db()
    assert process.status == STATUS.DONE
