"""`ridgeline eval`: train and measure the understanding model.

Commands print their figures as indented text, or as JSON with `--json`. Heavy libraries load
inside the commands so `ridgeline --help` stays fast.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any, Literal

import typer

app = typer.Typer(help="Train and measure the understanding model.", no_args_is_help=True)

BANKING77_DIR = Path("data/banking77")


def _print(report: Any, as_json: bool, indent: int = 0) -> None:
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return
    for key, value in report.items():
        if isinstance(value, dict):
            typer.echo(f"{' ' * indent}{key}:")
            _print(value, False, indent + 2)
        else:
            typer.echo(f"{' ' * indent}{key}: {value}")


def _public(report: dict[str, Any]) -> dict[str, Any]:
    from ridgeline.understanding.evaluation import public

    return {k: _public(v) if isinstance(v, dict) else v for k, v in public(report).items()}


@app.command("intents")
def intents(
    train: Path = typer.Option(..., exists=True, dir_okay=False, help="text,label CSV to train on"),
    test: Path = typer.Option(..., exists=True, dir_okay=False, help="text,label CSV to test on"),
    oos_label: str | None = typer.Option(None, help="label of out-of-scope rows (not trained)"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    seed: int = typer.Option(13, help="seed of every random choice"),
) -> None:
    """Train on one CSV, test on another: accuracy, macro-F1, OOS, latency, memory."""
    from ridgeline.understanding.evaluation import (
        default_config,
        evaluate_intents,
        read_labelled_csv,
    )

    train_x, train_y = read_labelled_csv(train)
    test_x, test_y = read_labelled_csv(test)
    report = evaluate_intents(
        train_x, train_y, test_x, test_y, oos_label=oos_label, config=default_config(seed)
    )
    _print(_public(report), as_json)


@app.command("banking77")
def banking77(
    data_dir: Path = typer.Option(BANKING77_DIR, exists=True, file_okay=False),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    seed: int = typer.Option(13, help="seed of every random choice"),
) -> None:
    """Evaluate on Banking77 (CC BY 4.0, Casanueva et al. 2020), with leave-10-out OOS."""
    from ridgeline.understanding.evaluation import default_config
    from ridgeline.understanding.reports import banking77_report

    _print(_public(banking77_report(data_dir, default_config(seed))), as_json)


@app.command("catalogue")
def catalogue(
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    cross_lingual: bool = typer.Option(True, help="also train on English, test the others"),
    seed: int = typer.Option(13, help="seed of every random choice"),
) -> None:
    """Evaluate per language on a held-out split of the product's own data."""
    from ridgeline.understanding.reports import catalogue_report
    from ridgeline.understanding.training import product_config

    report = catalogue_report(product_config(seed), cross_lingual=cross_lingual)
    _print(_public(report), as_json)


@app.command("train")
def train(seed: int = typer.Option(13, help="seed of every random choice")) -> None:
    """Train the product intent model from the catalogue data and cache it."""
    from ridgeline.understanding.embeddings import EmbeddingStore, available
    from ridgeline.understanding.training import model_path, product_config, train_product_model

    config = product_config(seed)
    started = time.perf_counter()
    store = EmbeddingStore() if available() else None
    model = train_product_model(config, store)
    typer.echo(
        f"trained {len(model.classes)} intents in {time.perf_counter() - started:.1f} s "
        f"(embeddings: {model.uses_embeddings}); cached at {model_path(config)}"
    )


@app.command("understand")
def understand(
    text: str = typer.Argument(..., help="a customer message"),
    today: str = typer.Option("2026-03-10", help="the sandbox's today (YYYY-MM-DD)"),
    hint: str | None = typer.Option(None, help="the customer's or market's language"),
) -> None:
    """Show what the product model understands of one message."""
    from dataclasses import asdict

    from ridgeline.understanding import default_understander

    result = default_understander().understand(
        text, today=date.fromisoformat(today), language_hint=hint
    )
    typer.echo(json.dumps(asdict(result), indent=2, ensure_ascii=False, default=str))


@app.command("wild")
def wild(
    folder: Path | None = typer.Option(
        None, file_okay=False, help="a folder of <language>.yaml blind files (default: shipped)"
    ),
    show_misses: bool = typer.Option(False, "--misses", help="list every message read wrong"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    model: str | None = typer.Option(
        None, help="a hosted model to read beside the embedded one (OpenAI-compatible)"
    ),
    base_url: str | None = typer.Option(
        None, envvar="RIDGELINE_LLM_BASE_URL", help="the model server's URL, up to /v1"
    ),
    api_key: str | None = typer.Option(None, envvar="RIDGELINE_LLM_API_KEY", show_default=False),
    mode: str = typer.Option("unsure", help="ask the model when `unsure` (default) or `always`"),
    timeout: float = typer.Option(5.0, help="seconds a model call may take"),
) -> None:
    """Run the blind set through the whole assistant: accuracy per language and kind, safety.

    With `--model` (and `--base-url`), the same run reads through a hosted model beside the
    embedded understanding, and adds the model's figures: the share of turns sent to it, and
    its answer, error, timeout, non-JSON and refusal rates.
    """
    from ridgeline.scenarios.suite import default_engine_for_scenarios
    from ridgeline.scenarios.wild import misses, report, run_wild, wild_set

    hosted = None
    if model is not None:
        from ridgeline.assistant.adapters.embedded import EmbeddedUnderstanding
        from ridgeline.assistant.adapters.hosted import HostedConfig, HostedUnderstanding
        from ridgeline.assistant.engine import Engine

        if not base_url or mode not in ("unsure", "always"):
            raise typer.BadParameter("--model needs --base-url, and --mode is unsure or always")
        checked: Literal["unsure", "always"] = "always" if mode == "always" else "unsure"
        config = HostedConfig(base_url, model, api_key, timeout=timeout, mode=checked)
        hosted = HostedUnderstanding(config, EmbeddedUnderstanding())
    engine = Engine(hosted) if hosted is not None else default_engine_for_scenarios()
    verdicts = run_wild(engine, wild_set(folder))
    figures = report(verdicts)
    if hosted is not None:
        from ridgeline.assistant.adapters.hosted import figures as model_figures

        figures["model"] = {"name": model, "mode": mode, **model_figures(hosted.stats)}
        hosted.close()
    if show_misses:
        figures["misses"] = misses(verdicts)
    if as_json:
        _print(figures, True)
        return
    listed = figures.pop("misses", [])
    _print(figures, False)
    for miss in listed:
        typer.echo(
            f"  MISS [{miss['language']} {miss['kind']}] {miss['text']!r} expected "
            f"{miss['expected']} ({miss['safety']}) got {miss['intents']} choices "
            f"{miss['choices']} handoff {miss['handoff']} says {miss['says']}"
        )


@app.command("knowledge")
def knowledge(
    questions: Path | None = typer.Option(
        None, file_okay=False, help="a folder of <language>.yaml question sets (default: shipped)"
    ),
    articles: Path | None = typer.Option(
        None, file_okay=False, help="a folder of Markdown articles (default: the shipped ones)"
    ),
    show_misses: bool = typer.Option(False, "--misses", help="list every question got wrong"),
    calibrate: bool = typer.Option(
        False, "--calibrate", help="also show the threshold the validation split picks"
    ),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Measure the help-centre search on the question set.

    Per language: top-1 and top-3, answers at the product's threshold, unanswerable questions
    refused; on the validation and test splits and both.
    """
    import tempfile

    from ridgeline.context import ServiceContext
    from ridgeline.kit.clock import SystemClock
    from ridgeline.kit.db import Database
    from ridgeline.kit.migrate import upgrade
    from ridgeline.knowledge import evaluation, files, service
    from ridgeline.knowledge.index import OTHER_LANGUAGE_THRESHOLD, THRESHOLD

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'knowledge.db'}")
        try:
            upgrade(db.write_engine)
            with db.transaction() as session:
                shipped = files.read_folder(articles) if articles else files.shipped()
                service.load_articles(ServiceContext(session, SystemClock()), shipped)
            with db.reader() as session:
                verdicts = evaluation.run(session, evaluation.question_set(questions))
                other = (
                    evaluation.other_language_pick(session, evaluation.question_set(questions))
                    if calibrate
                    else None
                )
        finally:
            db.dispose()
    report: dict[str, Any] = {"threshold": THRESHOLD, "other_language": OTHER_LANGUAGE_THRESHOLD}
    thresholds = {"product": THRESHOLD}
    if calibrate:
        thresholds["validation_pick"] = evaluation.calibrate(verdicts)
        report["validation_pick"] = thresholds["validation_pick"]
        report["other_language_pick"] = other
    misses: list[str] = []
    for name, threshold in thresholds.items():
        for split in (None, "validation", "test"):
            groups = evaluation.figures(verdicts, threshold, split)
            label = f"{name} threshold, {split or 'both'} split{'s' if split is None else ''}"
            report[label] = {language: g.rates() for language, g in groups.items()}
            if name == "product" and split is None:
                misses = [m for lang, g in groups.items() if lang != "all" for m in g.misses]
    report["seconds"] = round(time.perf_counter() - started, 1)
    if show_misses:
        report["misses"] = misses
    if as_json:
        _print(report, True)
        return
    listed = report.pop("misses", [])
    _print(report, False)
    for miss in listed:
        typer.echo(f"  MISS {miss}")
