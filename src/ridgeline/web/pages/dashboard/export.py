"""The dashboard's figures as a CSV file a supervisor opens in a spreadsheet.

The file says what it holds before any figure: a title, the period, the market and language
filtered on (or "all"), the previous period the trend compares with, the currency and when it
was exported; its name says the period and filters too. Then one row per figure: section,
what it is broken down by, the group, the figure's readable name, its value and its unit.
Values are plain decimal text in the unit the page shows them in (percent, minutes, major
units of the currency with the currency's decimals; `analytics/units.py`), so a spreadsheet
reads them as numbers; the words are in the page's language. The text starts with a byte-order
mark so spreadsheet programs read it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from babel.units import get_unit_name

from ridgeline.analytics.reader import Filters
from ridgeline.analytics.units import FIGURES, Unit, exported
from ridgeline.web.pages.dashboard.words import SCORE_TOP, name_of, names, words

Row = list[str]
#: The satisfaction-by-path columns and the figure each one is.
PATH_FIGURES = (
    ("contacts", "contacts"),
    ("positive_share", "csat_positive_share"),
    ("mean_score", "csat_mean"),
    ("response_rate", "csat_response_rate"),
)


def file_name(f: Filters) -> str:
    """Return the CSV's file name: the period and the filters, in ASCII."""
    market = f"market-{f.market}" if f.market else "all-markets"
    language = f"language-{f.language}" if f.language else "all-languages"
    return f"ridgeline-figures_{f.first}_{f.last}_{market}_{language}.csv"


def _text(value: str) -> str:
    """Return a text cell a spreadsheet never reads as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Sheet:
    """The words, names and units of one export, and the rows it writes."""

    def __init__(self, figures: dict[str, Any], language: str) -> None:
        self.figures = figures
        self.language = language
        self.w = words(language)
        self.names = names(language)
        self.currency = str(figures.get("currency") or "USD")
        self.units: dict[Unit, str] = {
            "count": self.w["unit_count"],
            "percent": "%",
            "minutes": get_unit_name("duration-minute", length="short", locale=language) or "min",
            "money": self.currency,
            "score": self.w["unit_score"].format(top=SCORE_TOP),
            "people": self.w["unit_people"],
        }

    def figure(self, section: str, dimension: str, group: str, key: str, value: Any) -> Row:
        """Return one figure's row, its value in its unit."""
        unit = FIGURES[key].unit
        return [
            section,
            dimension,
            _text(group),
            self.names["metric"][key],
            exported(value, unit, self.currency),
            self.units[unit],
        ]

    def head(self, exported_at: datetime) -> Iterator[Row]:
        """Yield the rows that say what the file holds."""
        w, f = self.w, self.figures
        market, language = f["filters"]["market"], f["filters"]["language"]
        previous = f.get("previous_period") or {}
        yield [w["csv_title"]]
        yield [w["from"], f["period"]["from"]]
        yield [w["to"], f["period"]["to"]]
        where = f"{name_of(self.language, 'market', market)} ({market})" if market else ""
        spoken = f"{name_of(self.language, 'language', language)} ({language})" if language else ""
        where, spoken = where or w["all_markets"], spoken or w["all_languages"]
        yield [w["market"], _text(where)]
        yield [w["language"], _text(spoken)]
        yield [w["csv_previous"], previous.get("from", ""), previous.get("to", "")]
        yield [w["csv_currency"], self.currency]
        yield [w["csv_exported_at"], exported_at.isoformat(timespec="seconds")]
        yield []
        yield [w[k] for k in ("csv_section", "breakdown", "csv_group")] + [
            w[k] for k in ("csv_figure", "csv_value", "csv_unit")
        ]

    def body(self) -> Iterator[Row]:
        """Yield the figures' rows, section by section."""
        w, f, dims = self.w, self.figures, self.names["dimension"]
        for section, table in (("section_headline", "headline"), ("section_previous", "previous")):
            for key in FIGURES:
                if key in f[table]:
                    yield self.figure(w[section], "", "", key, f[table][key])
        counts = (
            ("count_necessary", f["necessary_handoffs"]["necessary"]),
            ("count_avoidable", f["necessary_handoffs"]["avoidable"]),
            ("count_complaints", f["complaints"]["count"]),
            ("count_upheld", f["complaints"]["upheld"]),
        )
        for key, count in counts:
            yield [w["section_counts"], "", "", w[key], str(int(count)), self.units["count"]]
        for dim, shares in f["handoff_rate_by"].items():
            for value, share in sorted(shares.items(), key=lambda kv: -(kv[1] or 0)):
                group = name_of(self.language, dim, value)
                yield self.figure(w["section_handoffs"], dims[dim], group, "handoff_rate", share)
        for path, found in f["satisfaction_by_path"].items():
            group = name_of(self.language, "path", path)
            for field, key in PATH_FIGURES:
                yield self.figure(w["section_satisfaction"], dims["path"], group, key, found[field])
            yield [
                w["section_satisfaction"],
                dims["path"],
                group,
                w["responses"],
                str(int(found["responses"])),
                self.units["count"],
            ]
        days = f["series"].get("day", [])
        for i, day in enumerate(days):
            for key in FIGURES:
                if key in f["series"]:
                    yield self.figure(w["section_day"], dims["day"], day, key, f["series"][key][i])
        for dim, groups in f["breakdowns"].items():
            ranked = sorted(groups.items(), key=lambda kv: -(kv[1].get("contacts") or 0))
            for value, found in ranked:
                group = name_of(self.language, dim, value)
                for key in FIGURES:
                    if key in found:
                        yield self.figure(w["section_breakdown"], dims[dim], group, key, found[key])


def csv_text(figures: dict[str, Any], language: str, exported_at: datetime) -> str:
    """Return the figures of :func:`~ridgeline.analytics.dashboard.dashboard_figures` as CSV."""
    sheet = _Sheet(figures, language)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(sheet.head(exported_at))
    writer.writerows(sheet.body())
    return buffer.getvalue()
