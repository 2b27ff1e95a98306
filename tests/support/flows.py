"""A minimal flow with a timer, to prove the scheduler drives viewflow's timers."""

from datetime import timedelta

from viewflow import this
from viewflow.workflow import flow, lock


class WaitADayFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.wait)
    wait = flow.Timer(timedelta(days=1)).Next(this.end)
    end = flow.End()
