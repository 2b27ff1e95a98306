"""The staff workspace, inside the Wagtail admin: advisers', coordinators' and competence partners' tasks (my tasks,
the queue, the archive), each task's screen, the municipalities' cases, the calendar and the coordinators' overview.

Built from Wagtail's own admin components (listing views with filters and bulk actions, side panels, dashboard
panels, the menu), so staff and editors work in one product with one look. Viewflow stays the engine: the flows,
their locks and activations run the steps; what staff see is here. Who may do what is `workflows.permissions`."""
