"""Bar charts drawn on the server as accessible SVG: no script, no second stylesheet (the bars take their colour
from the admin's own design tokens), a title and description for screen readers, every bar a link to the list
behind it, and the same figures as a table next to the chart."""

from dataclasses import dataclass

from django.template.loader import render_to_string

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 220
WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""
    note: str = ""  # said after the value, e.g. "af 20"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list
    empty_text: str = ""

    @property
    def height(self):
        return max(len(self.bars), 1) * (BAR_HEIGHT + GAP) + GAP

    def rows(self):
        """Each bar with its geometry: (bar, y, width)."""
        top = max([bar.value for bar in self.bars] + [1])
        span = WIDTH - LABEL_WIDTH - 60
        return [(bar, GAP + index * (BAR_HEIGHT + GAP), round(bar.value * span / top))
                for index, bar in enumerate(self.bars)]

    def render(self):
        return render_to_string("workflows/staff/chart.html", {
            "chart": self, "rows": self.rows(), "width": WIDTH, "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT,
        })
