"""Normalisation, language identification and tokens: French typography first, English too."""
from __future__ import annotations

import pytest

from analytics.text.language import identify, resolve
from analytics.text.normalize import normalize_text, typographic
from analytics.text.tokens import analyse, split_sentences


def test_normalisation_makes_french_typography_plain_and_keeps_emoji():
    text = "L\u2019UE\u00a0: \u00ab\u202fnon\u202f\u00bb\u00a0!!!!!! https://exemple.fr/a?b=1 @Macron trooooop 😂"
    assert normalize_text(text) == "L'UE : \" non \" !!! http @user trooop 😂"


def test_normalisation_of_empty_and_blank_text_is_empty():
    assert normalize_text("") == ""
    assert normalize_text(" \u00a0\n\u202f ") == ""


def test_typographic_form_keeps_every_offset_of_the_original():
    text = "Qu\u2019il parte\u202f! C\u2019est l\u2019UE\u00a0»"
    plain = typographic(text)
    assert len(plain) == len(text)
    assert plain == "Qu'il parte ! C'est l'UE »"


@pytest.mark.parametrize("text, expected", [
    ("Les eurocrates sont des schizos, ils croient qu'ils sont en guerre.", "fr"),
    ("The European Union is acting as if it were at war with Russia.", "en"),
    ("Die Europäische Union glaubt, sie sei im Krieg mit Russland.", "other"),
])
def test_languages_of_full_sentences(text, expected):
    assert identify(text)[0] == expected


@pytest.mark.parametrize("text", ["Nul.", "Bravo", "lol", "Merci !", "ok"])
def test_short_comments_take_their_parents_language_rather_than_a_guess(text):
    from_parent = resolve(text, "en", "fr")
    assert (from_parent.lang, from_parent.source) == ("en", "parent")
    from_article = resolve(text, None, "en")
    assert (from_article.lang, from_article.source) == ("en", "article")


def test_a_short_comment_without_context_takes_the_corpus_language():
    found = resolve("Bravo", corpus_lang="en")
    assert (found.lang, found.source) == ("en", "corpus")


def test_a_long_comment_keeps_its_own_language_whatever_the_thread():
    found = resolve("I completely disagree with the author, this summit will change nothing.", "fr", "fr")
    assert (found.lang, found.source) == ("en", "text")


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_french_elisions_lemmas_and_sentences(mode):
    text = "L\u2019UE est folle de rage. C\u2019est Orban qui accueille les réunions !"
    [result] = analyse([text], "fr", mode)
    surfaces = [token.text for token in result.tokens]
    assert surfaces[:3] == ["L\u2019", "UE", "est"]
    assert "C\u2019" in surfaces
    assert len(result.sentences) == 2
    lemmas = {token.text: token.lemma for token in result.tokens}
    assert lemmas["réunions"] == "réunion"
    assert lemmas["accueille"] == "accueillir"
    if mode == "accurate":  # the lookup table's only lemma of "est" is the compass point
        assert lemmas["est"] == "être"
    for token in result.tokens:
        assert text[token.start:token.start + len(token.text)] == token.text
    assert {token.text for token in result.tokens if token.is_stop} >= {"est", "les"}


def test_english_tokens_have_lookup_lemmas_and_sentences():
    [result] = analyse(["The children were running. They didn't stop!"], "en", "fast")
    lemmas = {token.text: token.lemma for token in result.tokens}
    assert lemmas["children"] == "child"
    assert lemmas["running"] == "run"
    assert lemmas["were"] == "be"
    assert len(result.sentences) == 2


def test_empty_and_one_word_texts_are_analysed():
    empty, one = analyse(["", "Nul"], "fr", "accurate")
    assert empty.tokens == [] and empty.sentences == []
    assert [token.text for token in one.tokens] == ["Nul"]


def test_sentences_are_split_per_language_in_input_order():
    spans = split_sentences(["Un. Deux.", "One. Two. Three.", ""], ["fr", "en", "fr"])
    assert [len(s) for s in spans] == [2, 3, 0]
