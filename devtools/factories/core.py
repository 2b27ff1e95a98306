"""Factories shared by the tests and the demo content."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.dk")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password("password-for-tests")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """UserFactory(groups=["Advisers"]) puts the user in those (existing or new) groups."""
        if create and names:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in names])
