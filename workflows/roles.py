"""The staff groups of the advisory programme. Their names are stable identifiers used in code."""

ADVISERS = "Advisers"
COORDINATORS = "Coordinators"
