"""The human steps of every flow: a node that knows its due date and description (`nodes.Step`), its due date's
row (`models.TaskDeadline`), the base of every step's screen (`views.StepView`) and the email to whoever gets one.

Kept apart from the domain packages, which all build on it, and from the staff workspace, which shows the steps."""
