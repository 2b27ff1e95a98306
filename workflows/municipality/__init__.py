""""Jeres forløb": the municipality's people sign in by a one-time link and see their course.

The people of a case (`models.CasePerson`) are the registration's contact persons, who get an account the first time
they ask to sign in, and the colleagues a contact person invites. Each is a plain user without staff access, bound to
the case by their person record; `auth.current_person` checks that record on every request, so a removed person's
session opens nothing. Signing in is by a one-time link (django-sesame, `auth`); the pages (`views`) show the plan
read from `course.lifecycle` and the case's people.
"""
