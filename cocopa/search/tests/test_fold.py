"""Folding, query words and marked snippets: pure functions, no database."""

from cocopa.search import fold


def test_folding_drops_case_accents_and_punctuation() -> None:
    assert fold.fold("Città metropolitana") == " citta metropolitana "
    assert fold.fold("AGLIÈ") == " aglie "
    assert fold.fold("Sant’Ambrogio di Torino") == " sant ambrogio di torino "
    assert fold.fold("  ") == "  "


def test_query_words_leave_out_one_letter_words_unless_alone() -> None:
    assert fold.query_words("l'Agliè  agliè") == ["aglie"]
    assert fold.query_words("a") == ["a"]
    assert fold.is_too_short(fold.query_words("a"))
    assert fold.is_too_short(fold.query_words("  ... "))
    assert not fold.is_too_short(fold.query_words("pa"))
    assert len(fold.query_words(" ".join(f"w{n}" for n in range(20)))) == fold.MAX_WORDS


def test_highlight_marks_word_starts_in_the_original_text() -> None:
    assert fold.highlight("Città di Agliè", ["citta", "aglie"]) == "<mark>Città</mark> di <mark>Agliè</mark>"
    # A word inside another word is not a match: "pace" does not mark "spacey".
    assert fold.highlight("spacey pacelli", ["pace"]) == "spacey <mark>pace</mark>lli"


def test_snippets_escape_the_text_and_only_mark_what_matched() -> None:
    marked = fold.snippet('<script>alert("x")</script> Pace & città', ["citta", "script"])
    assert "<script>" not in marked
    assert (
        marked
        == "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; Pace &amp; <mark>città</mark>"
    )


def test_a_long_text_is_cut_around_its_first_match() -> None:
    text = "parola " * 100 + "Agliè " + "altro " * 100
    marked = fold.snippet(text, ["aglie"], length=80)
    assert marked.startswith("…")
    assert marked.endswith("…")
    assert "<mark>Agliè</mark>" in marked
    assert len(marked) < 120
