"""The stats screen: review heatmap, due forecast, boxes, recall against the schedule, accuracy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from studyapp.errors import StudyappError
from studyapp.model import ItemKind
from studyapp.session import HEATMAP_DAYS, duration_minutes
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import DayActivity, StatsReport, Tally
    from studyapp.tui.app import StudyApp

WEEKS = 16
"""Columns of the heatmap: one per week, the current week last."""

SHADES: tuple[tuple[int, str, str], ...] = (
    (0, "·", "dim"),
    (1, "░", "green"),
    (10, "▒", "green"),
    (30, "▓", "bold green"),
    (60, "█", "bold green"),
)
"""(fewest reviews, cell, style) from the lightest shade up: the character itself tells the
shade, so the map reads the same without colour."""

BAR_WIDTH = 40
"""Characters of the longest forecast bar."""

_KIND_NAMES = {
    ItemKind.FLASHCARD: "Flashcards",
    ItemKind.QUESTION: "Questions",
    ItemKind.REORDER: "Reorder",
    ItemKind.SANDBOX: "Coding",
    ItemKind.LAB: "Labs",
}


def _share(tally: Tally) -> str:
    """ "83%" or "-" when nothing was answered."""
    value = tally.accuracy
    return "-" if value is None else f"{round(value * 100)}%"



def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _shade(reviews: int) -> tuple[str, str]:
    """The heatmap cell and style for a day with `reviews` answers."""
    cell, style = SHADES[0][1], SHADES[0][2]
    for least, char, shade_style in SHADES:
        if reviews >= least:
            cell, style = char, shade_style
    return cell, style


def heatmap(days: list[DayActivity], today: date, span: int) -> Group:
    """A cell per study day, Mon..Sun down and WEEKS weeks across (this week last), with a
    legend and the totals written out; days before the last `span` stay blank."""
    counts = {day.day: day.answers for day in days}
    first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    oldest = today - timedelta(days=span - 1)
    grid = Text(no_wrap=True)
    months = [" "] * (4 + 2 * WEEKS + 2)
    free_from = 0  # month names must not run into each other
    for week in range(WEEKS):
        monday = first_monday + timedelta(weeks=week)
        column = 4 + 2 * week
        if (week == 0 or monday.day <= 7) and column >= free_from:
            months[column:column + 3] = f"{monday:%b}"
            free_from = column + 4
    for weekday in range(7):
        grid.append(f"{date(2024, 1, 1 + weekday):%a} ", style="bold")  # 2024-01-01: a Monday
        for week in range(WEEKS):
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day < oldest or day > today:
                grid.append("  ")
                continue
            cell, style = _shade(counts.get(day, 0))
            grid.append(cell, style=style)
            grid.append(" ")
        if weekday < 6:
            grid.append("\n")
    legend = Text("Less ", style="dim")
    for position, (least, cell, style) in enumerate(SHADES):
        upper = SHADES[position + 1][0] - 1 if position + 1 < len(SHADES) else None
        label = "0" if least == 0 else (f"{least}+" if upper is None else f"{least}-{upper}")
        legend.append(cell, style=style)
        legend.append(f" {label}  ")
    legend.append("reviews a day", style="dim")
    today_count = counts.get(today, 0)
    today_right = next((d.correct for d in days if d.day == today), 0)
    week_total = sum(n for day, n in counts.items() if today - day < timedelta(days=7))
    total = sum(counts.values())
    active = sum(1 for n in counts.values() if n)
    totals = Text(
        f"Today {_plural(today_count, 'review')} ({today_right} correct); "
        f"last 7 days {week_total}; last {WEEKS} weeks {total} on {_plural(active, 'day')}."
    )
    return Group(Text("".join(months).rstrip(), style="dim"), grid, legend, totals)


def forecast_bars(report: StatsReport, width: int = BAR_WIDTH) -> Table:
    """The due forecast, a bar per day with its count beside it."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    most = max((day.due for day in report.forecast), default=0)
    for index, day in enumerate(report.forecast):
        name = "Today" if index == 0 else f"{day.day:%a %d}"
        length = 0 if most == 0 else max(1 if day.due else 0, round(day.due * width / most))
        bar = Text("█" * length, style="cyan")
        bar.append(f" {day.due}" if length else str(day.due))
        table.add_row(Text(name, style="bold"), bar)
    return table


def boxes_table(report: StatsReport) -> Table:
    """Items per box, a row per deck then a row per kind over every deck."""
    boxes = len(report.recall_30d)
    table = Table(title="Items per box", title_justify="left", expand=False)
    table.add_column("")
    for box in range(1, boxes + 1):
        table.add_column(f"Box {box}", justify="right")
    table.add_column("Unseen", justify="right")
    for deck in report.decks:
        view = deck.overview
        table.add_row(
            Text(deck.deck_id, overflow="ellipsis", no_wrap=True),
            *(str(view.boxes.get(box, 0)) for box in range(1, boxes + 1)),
            str(view.unseen),
        )
    totals: dict[ItemKind, dict[int, int]] = {}
    for deck in report.decks:
        for kind, counts in deck.boxes_by_kind.items():
            into = totals.setdefault(kind, {})
            for box, count in counts.items():
                into[box] = into.get(box, 0) + count
    if report.decks:
        table.add_section()
    for kind, counts in totals.items():
        if any(counts.values()):
            table.add_row(
                Text(_KIND_NAMES.get(kind, kind.value), style="italic"),
                *(str(counts.get(box, 0)) for box in range(1, boxes + 1)),
                "",
            )
    return table


def recall_table(report: StatsReport) -> Table:
    """Recall measured per box over 30 days next to what the schedule assumes."""
    table = Table(title="Recall per box, last 30 days", title_justify="left")
    for name in ("Box", "Reviews", "Recalled", "Measured", "Assumed"):
        table.add_column(name, justify="right")
    for row in report.recall_30d:
        table.add_row(
            str(row.box),
            str(row.tally.answers),
            str(row.tally.correct),
            _share(row.tally),
            f"{round(row.assumed * 100)}%",
        )
    return table


def accuracy_table(report: StatsReport) -> Table:
    """Accuracy by kind and, for interview questions, by tier, over 30 days."""
    table = Table(title="Accuracy, last 30 days", title_justify="left")
    table.add_column("")
    table.add_column("Answers", justify="right")
    table.add_column("Correct", justify="right")
    for kind, tally in report.accuracy_by_kind.items():
        table.add_row(Text(_KIND_NAMES.get(kind, kind.value)), str(tally.answers), _share(tally))
    table.add_section()
    for tier, tally in report.accuracy_by_tier.items():
        table.add_row(Text(f"{tier.value.capitalize()} questions"), str(tally.answers),
                      _share(tally))
    return table


def totals_text(report: StatsReport) -> Text:
    """Coding exercises, streak and time studied, in words."""
    time = report.time_studied_ms
    lines = [
        f"Coding exercises: {report.coding_passed} of {report.coding_exercises} passed, "
        f"{_plural(report.coding_attempts, 'check')}.",
        f"Streak: {_plural(report.streak_days, 'day')}.",
        f"Time studied: {duration_minutes(time[7])} in 7 days, "
        f"{duration_minutes(time[30])} in 30 days, {duration_minutes(time[0])} in all.",
    ]
    return Text("\n".join(lines))


class StatsScreen(Screen[None]):
    """Every deck's statistics, computed in a worker; Esc or q goes back."""

    HELP = (
        "Your study statistics over every deck: reviews a day over the last 16 weeks\n"
        "(darker cells: more reviews), items falling due in the next 14 days, items per\n"
        "box, recall per box against the 90% the schedule assumes, accuracy by kind and\n"
        "tier, coding exercises, streak and time studied. PageUp/PageDown scroll."
    )
    DEFAULT_CSS = """
    StatsScreen #stats-body {
        height: 1fr;
        padding: 0 1;
    }
    StatsScreen #stats-body > Static {
        height: auto;
        margin-bottom: 1;
    }
    StatsScreen .stats-title {
        text-style: bold;
        margin-bottom: 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="stats-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: StatsReport | None = None
        """The report on show, once computed."""

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return cast("StudyApp", self.app)

    def compose(self) -> ComposeResult:
        """Header, the scrolling sections (a loading line at first) and the footer."""
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("Loading...", id="stats-status")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Compute the report off the UI thread; the body scrolls with the keys."""
        self.query_one("#stats-body").focus()
        self.run_worker(self._compute, thread=True, exit_on_error=False, group="stats")

    def _compute(self) -> None:
        app = self.study_app
        content = app.content
        decks = content.decks if content is not None else []
        try:
            report: StatsReport | str = app.open_service().stats(decks)
        except StudyappError as error:  # no progress to read: say so here, not in a dialog
            report = str(error)
        app.call_from_thread(self.show_report, report)

    def show_report(self, report: StatsReport | str) -> None:
        """Replace the loading line with the report's sections (or why there is none)."""
        status = self.query_one("#stats-status", Static)
        if isinstance(report, str):
            status.update(Text(report))
            return
        self.report = report
        status.update(Text(f"Statistics on {report.now:%A %d %B %Y}, every deck."))
        today = report.forecast[0].day if report.forecast else report.now.date()
        grid = heatmap(report.heatmap, today, HEATMAP_DAYS)
        sections: list[tuple[str, RenderableType, str]] = [
            (f"Reviews, last {WEEKS} weeks", grid, "stats-heatmap"),
            ("Due in the next 14 days", forecast_bars(report), "stats-forecast"),
            ("", boxes_table(report), "stats-boxes"),
            ("", recall_table(report), "stats-recall"),
            ("", accuracy_table(report), "stats-accuracy"),
            ("", totals_text(report), "stats-totals"),
        ]
        body = self.query_one("#stats-body", VerticalScroll)
        widgets: list[Static] = []
        for title, renderable, name in sections:
            if title:
                widgets.append(Static(Text(title), classes="stats-title"))
            widgets.append(Static(renderable, id=name))
        body.mount_all(widgets)

    def action_back(self) -> None:
        """Return to the home screen."""
        self.dismiss(None)
