"""Every human step of every flow is declared with what the workspace needs: a title and a description for its
screen, a due date rule, and who does it (a permission for a queue, or a person it goes straight to)."""

import pytest

from workflows.staff.queries import FLOWS, human_steps
from workflows.steps.nodes import Step


@pytest.mark.parametrize("step", human_steps(), ids=lambda step: f"{step.flow_class.__name__}.{step.name}")
def test_every_human_step_has_a_title_a_description_a_due_date_and_an_owner(step):
    assert isinstance(step, Step)
    assert str(step.task_title).strip() and str(step.task_description).strip()
    assert callable(step.due)
    assert step._owner_permission or step._owner


def test_the_workspace_knows_every_flow_with_human_steps():
    from viewflow.workflow.base import Flow

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {flow for flow in subclasses(Flow) if flow.__module__.startswith("workflows.")
            and any(node.task_type == "HUMAN" for node in flow.instance.nodes())}
    assert ours == set(FLOWS)
