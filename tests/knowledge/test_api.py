"""The help centre's routes: who may do what, what is refused (422 naming the field), audit."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from ridgeline.audit.models import AuditEntry
from ridgeline.kit.db import Database
from tests.knowledge.conftest import article, token

ARTICLES = "/api/v1/knowledge/articles"
SEARCH = "/api/v1/knowledge/search"


def test_supervisors_and_admins_manage_articles_and_staff_read_them(
    app: FastAPI, client: TestClient
) -> None:
    supervisor = token(app, "supervisor", "S1")
    agent = token(app, "agent", "A1")
    client.post("/api/v1/admin/fixtures", json={"customers": [], "merchants": []})
    customer = token(app, "customer", "C1")
    created = client.post(ARTICLES, json=article(), headers=supervisor)
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1
    assert created.json()["markets"] is None  # every market
    assert client.post(ARTICLES, json=article("KB-2"), headers=agent).status_code == 403
    assert client.post(ARTICLES, json=article("KB-3"), headers=customer).status_code == 403
    assert client.post(ARTICLES, json=article("KB-4")).status_code == 201  # admin
    assert client.get(ARTICLES, headers=agent).status_code == 200
    assert client.get(ARTICLES, headers=customer).status_code == 403
    assert client.get(SEARCH, params={"q": "gift card"}, headers=customer).status_code == 403
    assert client.put(f"{ARTICLES}/KB-EN-1", json={"title": "x"}, headers=agent).status_code == 403
    assert client.delete(f"{ARTICLES}/KB-EN-1", headers=agent).status_code == 403
    assert client.get(ARTICLES).status_code == 200
    assert client.get(ARTICLES, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_an_article_is_changed_retired_and_restored_with_a_new_version_each_time(
    client: TestClient,
) -> None:
    client.post(ARTICLES, json=article())
    changed = client.put(
        f"{ARTICLES}/KB-EN-1", json={"markets": ["GB", "US"], "tags": ["gift-cards"]}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["version"], changed.json()["markets"]) == (2, ["GB", "US"])
    same = client.put(f"{ARTICLES}/KB-EN-1", json={"markets": ["GB", "US"]})
    assert same.json()["version"] == 2  # nothing changed: no new version
    retired = client.delete(f"{ARTICLES}/KB-EN-1")
    assert (retired.json()["retired"], retired.json()["version"]) == (True, 3)
    assert client.get(ARTICLES).json() == []
    assert [a["id"] for a in client.get(ARTICLES, params={"retired": True}).json()] == ["KB-EN-1"]
    assert client.get(SEARCH, params={"q": "gift card", "language": "en"}).json()["results"] == []
    restored = client.put(f"{ARTICLES}/KB-EN-1", json={"retired": False})
    assert restored.json()["version"] == 4
    found = client.get(SEARCH, params={"q": "gift card", "language": "en"}).json()["results"]
    assert [r["id"] for r in found] == ["KB-EN-1"]
    assert client.put(f"{ARTICLES}/NOPE", json={"title": "x"}).status_code == 404
    assert client.delete(f"{ARTICLES}/NOPE").status_code == 404
    assert client.get(f"{ARTICLES}/NOPE").status_code == 404


def test_the_list_filters_by_language_and_market(client: TestClient) -> None:
    client.post(ARTICLES, json=article("A-EN"))
    client.post(ARTICLES, json=article("A-GB", markets=["GB"]))
    client.post(ARTICLES, json=article("A-FR", language="fr", markets=["FR"]))
    ids = [a["id"] for a in client.get(ARTICLES, params={"language": "en", "market": "US"}).json()]
    assert ids == ["A-EN"]
    ids = [a["id"] for a in client.get(ARTICLES, params={"market": "GB"}).json()]
    assert ids == ["A-EN", "A-GB"]
    ids = [a["id"] for a in client.get(ARTICLES, params={"language": "fr"}).json()]
    assert ids == ["A-FR"]


def _refused(client: TestClient, body: dict[str, object], field: str) -> None:
    response = client.post(ARTICLES, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"].startswith(field), response.text


def test_bad_articles_are_refused_naming_the_field(client: TestClient) -> None:
    _refused(client, article(body=""), "body")
    _refused(client, article(body="   \n  "), "body")
    _refused(client, article(body="<p></p>"), "body")  # no text once the markup is removed
    _refused(client, article(language="pt"), "language")
    _refused(client, article(markets=["NO"]), "markets")
    _refused(client, article(body="a" * 100_001), "body")
    _refused(client, article(url="javascript:alert(1)"), "url")
    _refused(client, article(url="http://help.example.test/plain-http"), "url")
    _refused(client, {**article(), "colour": "red"}, "colour")
    _refused(client, article(title=""), "title")
    assert client.post(ARTICLES, json=article()).status_code == 201
    _refused(client, article(), "id")  # duplicate
    client.delete(f"{ARTICLES}/KB-EN-1")
    _refused(client, article(), "id")  # a retired article keeps its id
    longest = ("word " * 20_000)[:100_000]  # the longest body accepted
    assert client.post(ARTICLES, json=article("KB-2", body=longest)).status_code == 201
    response = client.put(f"{ARTICLES}/KB-2", json={"language": "xx"})
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("language")
    response = client.put(f"{ARTICLES}/KB-2", json={"title": None})
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("title")


def test_bad_searches_are_refused_naming_the_field(client: TestClient) -> None:
    for params, field in (
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 2000}, "q"),
        ({"q": "fees", "language": "pt"}, "language"),
        ({"q": "fees", "market": "NO"}, "market"),
        ({"q": "fees", "limit": 0}, "limit"),
    ):
        response = client.get(SEARCH, params=params)
        assert response.status_code == 422, (params, response.text)
        where = response.json()["error"]["message"].split(":")[0]
        assert where in (field, f"query.{field}"), response.text
    assert client.get(SEARCH).status_code == 422


def test_every_change_is_audited_with_who_made_it(
    app: FastAPI, client: TestClient, db: Database
) -> None:
    supervisor = token(app, "supervisor", "S1")
    client.post(ARTICLES, json=article(), headers=supervisor)
    client.put(f"{ARTICLES}/KB-EN-1", json={"body": "A new body of the article."})
    client.delete(f"{ARTICLES}/KB-EN-1", headers=supervisor)
    with db.reader() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "article").order_by(AuditEntry.id)
        ).all()
    assert [(e.action, e.actor_type, e.actor_id) for e in entries] == [
        ("article.created", "agent", "S1"),
        ("article.updated", "agent", "admin"),
        ("article.retired", "agent", "S1"),
    ]
    assert entries[1].before is not None and entries[1].after is not None
    assert entries[1].before["body_sha256"] != entries[1].after["body_sha256"]
    assert entries[2].after is not None and entries[2].after["retired"] is True
    assert all(e.customer_id is None for e in entries)


def test_search_returns_plain_text_snippets_with_scores_best_first(client: TestClient) -> None:
    body = (
        "## Can I pay with a <b>gift card</b>?\n"
        '<script>alert("x")</script> Yes: [see the shop](https://shop.example.test). '
        "Only the part paid with us becomes your plan.\n\n"
        "## Can I get a refund?\nRefunds go back to your card."
    )
    client.post(ARTICLES, json=article(body=body))
    client.post(ARTICLES, json=article("KB-2", title="Logging in", body="Use a one-time code."))
    results = client.get(SEARCH, params={"q": "pay with a gift card", "language": "en"}).json()
    found = results["results"]
    assert [r["id"] for r in found][:1] == ["KB-EN-1"]
    assert found[0]["score"] >= found[-1]["score"]
    assert set(found[0]) == {"id", "title", "snippet", "url", "score", "language"}
    snippet = found[0]["snippet"]
    assert "<" not in snippet and ">" not in snippet and "](" not in snippet
    assert "alert" not in snippet and "see the shop" in snippet


def test_the_shipped_help_centre_loads_for_admins_only(app: FastAPI, client: TestClient) -> None:
    supervisor = token(app, "supervisor", "S1")
    assert client.post("/api/v1/knowledge/help-centre", headers=supervisor).status_code == 403
    counts = client.post("/api/v1/knowledge/help-centre").json()
    assert counts["created"] >= 90 and counts["updated"] == 0
    again = client.post("/api/v1/knowledge/help-centre").json()
    assert again == {"created": 0, "updated": 0, "unchanged": counts["created"]}
    assert len(client.get(ARTICLES, params={"language": "sv"}).json()) >= 15
