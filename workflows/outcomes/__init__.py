"""What the municipality wants from its course and how far it has come: its goals, and its self-assessments at the
start (baseline), midway (month 9) and at the end (month 18), each answering the same indicators.

The indicators are data (`models.Indicator`, seeded by a migration), so every assessment of a case asks the same
questions and answers can be compared across cases and cohorts; an answer points at the indicator row it answered.
The municipality's people fill the assessments in as their own steps of the course (`course.flows`, run in "Jeres
forløb"); this package holds the records (`models`), the forms (`forms`), the steps' screens (`tasks`) and the one
way an assessment is saved (`services.submit`)."""
