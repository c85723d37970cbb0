"""Benchmark of the help-centre search: 5,000 generated articles in six languages.

Run `python -m benchmarks.knowledge` from the repository root (one core: BLAS and the model use
one thread). It prints the machine, then:
1. the index: the time to read 5,000 articles (about 20,000 passages) into a fresh index, and
   the memory it holds (numpy arrays and Python objects, by tracemalloc, and the process's RSS
   growth);
2. search: every question of the shipped question set (307, six languages, each new to the
   process) through `service.answer` as the assistant calls it: the revision check, the
   question's embedding, the search, the answer; p50 and p99 of the whole, and of the
   embedding and of the rest apart;
3. re-indexing one changed article: writing it through the service (split, embed what changed,
   store: once, in the process that writes) and another process's index taking the change at
   its next search (what every server process pays).

The articles are generated from the shipped help centre: each takes the title of a shipped
article with a number, and three to five of its language's passages in a random order, so the
text, the vocabulary and the sizes are real. Their passage vectors are those of the source
passages (embedding 20,000 passages would take about an hour on this machine, and the time of
a search does not depend on the vectors' values); they are written straight to the database.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import platform
import random
import resource
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ARTICLES = 5_000
SEED = 7


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    cores = os.cpu_count()
    try:  # nproc honours the process's CPU affinity, which is what a benchmark runs on
        nproc = subprocess.run(["/usr/bin/nproc"], capture_output=True, text=True, check=False)
        cores = int(nproc.stdout.strip() or cores or 0)
    except (OSError, ValueError):
        pass
    return f"nproc {cores}, {cpu}, Python {platform.python_version()}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(db: Any) -> int:
    """Write ARTICLES generated articles and their passages; return how many passages."""
    import numpy as np

    from ridgeline.knowledge import files, text, vectors
    from ridgeline.knowledge.models import Article, KnowledgeState, Passage

    rng = random.Random(SEED)
    seed = vectors._seed()["vectors"]
    shipped = files.shipped()
    pool: dict[str, list[tuple[str, str | None, str, bytes, bytes]]] = {}
    for article in shipped:
        for piece in text.split_passages(article.body):
            v = seed[
                vectors.key(
                    "passage", vectors.passage_text(article.title, piece.heading, piece.text)
                )
            ]
            h = seed[vectors.key("heading", vectors.heading_text(article.title, piece.heading))]
            pool.setdefault(article.language, []).append(
                (
                    article.title,
                    piece.heading,
                    piece.text,
                    np.asarray(v, np.float32).tobytes(),
                    np.asarray(h, np.float32).tobytes(),
                )
            )
    now = datetime.now(UTC)
    passages = 0
    languages = sorted(pool)
    with db.transaction() as session:
        state = session.get(KnowledgeState, 1)
        assert state is not None
        for i in range(ARTICLES):
            language = languages[i % len(languages)]
            base = rng.choice([a for a in shipped if a.language == language])
            chosen = rng.sample(pool[language], rng.randint(3, 5))
            body = "\n\n".join(
                f"## {heading or title}\n{body}" for title, heading, body, _, _ in chosen
            )
            state.revision += 1
            article = Article(
                id=f"gen-{language}-{i:05d}",
                title=f"{base.title} {i}",
                body=body,
                language=language,
                markets=list(base.markets or []),
                url=f"https://help.example.test/{language}/{i}",
                tags=[],
                version=1,
                revision=state.revision,
                created_at=now,
                updated_at=now,
                retired=False,
            )
            article.passages = [
                Passage(
                    seq=n + 1,
                    heading=heading,
                    text=body_text,
                    vector=v,
                    heading_vector=h,
                    model=vectors.MODEL,
                )
                for n, (_, heading, body_text, v, h) in enumerate(chosen)
            ]
            passages += len(chosen)
            session.add(article)
            if i % 500 == 499:
                session.flush()
    return passages


def main() -> None:
    from ridgeline.context import ServiceContext
    from ridgeline.kit.clock import SystemClock
    from ridgeline.kit.db import Database
    from ridgeline.kit.migrate import upgrade
    from ridgeline.knowledge import evaluation, service, vectors
    from ridgeline.knowledge.index import KnowledgeIndex, centred_question, index_for
    from ridgeline.knowledge.schemas import ArticleChange

    print(f"machine: {machine()}")
    folder = tempfile.mkdtemp(prefix="ridgeline-knowledge-bench-")
    db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
    upgrade(db.write_engine)
    started = time.perf_counter()
    passages = generate(db)
    print(
        f"generated {ARTICLES} articles, {passages} passages "
        f"in {time.perf_counter() - started:.1f} s"
    )
    vectors.embed_question("warm up the model")

    # 1. the index
    rss_before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    with db.reader() as session:
        index = index_for(session)
        index.refresh(session)
    load = time.perf_counter() - started
    traced, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"index: {index.articles()} articles read in {load:.2f} s; memory {traced / 2**20:.0f} MB "
        f"(tracemalloc), RSS +{rss_mb() - rss_before:.0f} MB (now {rss_mb():.0f} MB)"
    )

    # 2. search, as the assistant calls it
    questions = evaluation.question_set()
    totals: list[float] = []
    embeds: list[float] = []
    rest: list[float] = []
    answered = 0
    with db.reader() as session:
        for q in questions:
            t0 = time.perf_counter()
            found = service.answer(session, q.text, q.language, q.market)
            totals.append(time.perf_counter() - t0)
            answered += found is not None
            t1 = time.perf_counter()
            raw = vectors.embed_question(q.text + " ?")  # a new text: really embedded
            embeds.append(time.perf_counter() - t1)
            t2 = time.perf_counter()
            index.refresh(session)
            index.search(
                q.text, centred_question(raw), service.chain(q.language, q.market), q.market, 1
            )
            rest.append(time.perf_counter() - t2)

    def ms(values: list[float]) -> str:
        return (
            f"p50 {percentile(values, 50) * 1000:.1f} ms, "
            f"p99 {percentile(values, 99) * 1000:.1f} ms, "
            f"mean {statistics.fmean(values) * 1000:.1f} ms"
        )

    print(f"search ({len(questions)} questions, {answered} answered): {ms(totals)}")
    print(f"  of which the question's embedding: {ms(embeds)}")
    print(f"  of which the rest (revision check, search, answer): {ms(rest)}")

    # 3. re-indexing one changed article
    other = KnowledgeIndex()
    with db.reader() as session:
        other.refresh(session)
    writes: list[float] = []
    refreshes: list[float] = []
    for n in range(5):
        target = f"gen-en-{1 + n * 6:05d}"  # languages take turns: de, en, es, fr, it, sv
        with db.reader() as session:
            current = service.repository.get(session, target)
            assert current is not None
            body = current.body
        changed = body.replace("\n\n", f"\n\nA new sentence number {n} in this article.\n\n", 1)
        t0 = time.perf_counter()
        with db.transaction() as session:
            service.update_article(
                ServiceContext(session, SystemClock()), target, ArticleChange(body=changed)
            )
        writes.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        with db.reader() as session:
            assert other.refresh(session)
        refreshes.append(time.perf_counter() - t1)
    print(
        f"re-index one changed article: another process's index takes it in {ms(refreshes)}; "
        f"writing it (split, embed the changed passages, store) {ms(writes)}"
    )
    db.dispose()


if __name__ == "__main__":
    main()
