"""Plain text from Markdown (no markup ever reaches a page), passages, sentences, answers."""

from __future__ import annotations

from ridgeline.knowledge import text


def test_markup_and_html_become_plain_text() -> None:
    markdown = (
        "# Title\n\n**Bold** and _it_ and `code` and [a link](https://x.test) and "
        '<a href="javascript:alert(1)">a tag</a> <img src=x onerror=alert(1)>\n'
        "<script>steal()</script><style>p{}</style><!-- hidden -->\n\n"
        "- one\n- two\n\n> quoted &amp; done\n"
    )
    plain = text.plain_text(markdown)
    assert plain == "Title\nBold and it and code and a link and a tag\none; two\nquoted & done"
    assert "<" not in plain and "javascript" not in plain and "steal" not in plain


def test_passages_follow_headings_and_stay_within_the_maximum() -> None:
    long = " ".join(f"This is sentence {i} of a long paragraph." for i in range(40))
    body = f"Intro words here.\n\n## First?\n{long}\n\n## Second?\nShort one."
    passages = text.split_passages(body)
    assert passages[0] == text.PassageText(None, "Intro words here.")
    assert {p.heading for p in passages[1:]} == {"First?", "Second?"}
    assert all(text.word_count(p.text) <= text.PASSAGE_MAX_WORDS for p in passages)
    assert passages[-1] == text.PassageText("Second?", "Short one.")


def test_sentences_do_not_break_at_abbreviations_or_numbers() -> None:
    found = text.sentences("Sie können z. B. eine Kopie nach Art. 15 DSGVO anfordern. Dann gut.")
    assert found == ["Sie können z. B. eine Kopie nach Art. 15 DSGVO anfordern.", "Dann gut."]


def test_the_best_window_is_whole_sentences_around_the_question() -> None:
    parts = [f"Filler sentence number {i} says nothing much at all here." for i in range(12)]
    parts[9] = "Refunds reach your card within five days."
    window = text.best_window(" ".join(parts), set(text.tokens("refund card", "en")), "en", 30)
    assert "Refunds reach your card" in window
    assert text.word_count(window) <= 30
    assert window in " ".join(parts)
    one = "word " * 100
    assert text.best_window(one.strip() + ".", set(), "en", 80).endswith("…")


def test_tokens_fold_accents_drop_stop_words_and_truncate() -> None:
    assert text.tokens("Comment télécharger mon relevé ?", "fr") == ["telech", "releve"]
    assert text.tokens("Wie schalte ich die Zwei-Faktor-Anmeldung ein?", "de") == [
        "schalt",
        "zwei",
        "faktor",
        "anmeld",
    ]
