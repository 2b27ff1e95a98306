"""Bar charts drawn on the server: no script and no second stylesheet (the bars take their colour from the admin's
own design tokens). Each bar is a link to the list behind it, named by its label and figure, so a screen reader
reads the chart as a list of links; the same figures follow as a table. The bars are HTML, not SVG, so the text
keeps its size on a phone instead of shrinking with the drawing."""

from dataclasses import dataclass

from django.template.loader import render_to_string

LONGEST_BAR = 85  # per cent of the row: room for the figure beside the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""
    note: str = ""  # said after the value, e.g. "af 20"
    out_of: int | None = None  # the bar's own whole (a capacity): its length is value / out_of, not relative

@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list
    empty_text: str = ""

    def rows(self):
        """Each bar with its length in per cent of the row: (bar, length)."""
        top = max([bar.value for bar in self.bars] + [1])
        return [(bar, round(min(bar.value / (bar.out_of or top), 1) * LONGEST_BAR, 1)) for bar in self.bars]

    def render(self):
        return render_to_string("workflows/staff/chart.html", {"chart": self, "rows": self.rows()})
