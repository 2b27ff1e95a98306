"""Danish dates the one way the product writes them, in the workspace, on the site, in emails and exports:
"4. januar 2027" and "4. januar 2027 kl. 10:00" (Django's own Danish formats, but with "kl." before the time).
`django.utils.formats.localize` and templates rendering a date or a datetime use these; so does
`date_format(value)`. Django's other Danish formats (short dates, input formats) apply unchanged."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y \\k\\l. H:i"
