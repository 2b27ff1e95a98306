"""What the workspace's listings add to Wagtail's generic listing view."""


class CountedAs:
    """The count under a list ("4 opgaver") names what the list shows, from the view's `verbose_name` and
    `verbose_name_plural`. Wagtail's paginator takes the model's names: the case list would count registrations,
    and viewflow names its task model with a capital ("4 Opgaver")."""

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.verbose_name, paginator.verbose_name_plural = self.verbose_name, self.verbose_name_plural
        return paginator
