"""A minimal flow with a timer, to prove the scheduler drives viewflow's timers."""

from datetime import timedelta

from viewflow import this
from viewflow.workflow import flow, lock


class WaitADayFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.wait)
    wait = flow.Timer(timedelta(days=1)).Next(this.end)
    end = flow.End()


class NestedJoinFlow(flow.Flow):
    """The shape of the course's joins (`course.flows.CourseFlow`): a strand split off before an inner split, the
    inner strands joined first and that join joined with the outer strand."""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.outer)
    outer = flow.Split().Next(this.inner).Next(this.goals)
    goals = flow.Handle().Next(this.course_done)
    inner = flow.Split().Next(this.strand).Next(this.quick)
    strand = flow.Handle().Next(this.all_done)
    quick = flow.Function(this.nothing).Next(this.all_done)
    all_done = flow.Join().Next(this.course_done)
    course_done = flow.Join().Next(this.end)
    end = flow.End()

    def nothing(self, activation):
        pass
