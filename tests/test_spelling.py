"""Spelling: each step (leetspeak, spaced letters, chunks, words run together, repeated letters, one
letter off), what is never touched, offsets back into the original, idempotence; the default
Speller on plain French and English."""
from __future__ import annotations

import pytest

from analytics.enrich.targets.known_words import default_speller
from analytics.text.spelling import Respelled, Speller

KNOWN = {"je", "deteste", "noirs", "rats", "battu", "record", "dehors", "hier", "dit", "bonjour", "trop", "troop",
         "non", "noon", "resiste", "pont", "hole", "paye", "renois", "etage", "art", "vu"}
WATCHED = {"deteste", "parasites", "idiots", "arabes", "connard", "connards", "raciste", "racistes", "racisme",
           "abattu", "renois", "rats", "noirs", "shit", "racistez", "racisted"}


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(known=KNOWN, watched=WATCHED)


def respelt(speller: Speller, text: str) -> str:
    return speller.respell(text).text


@pytest.mark.parametrize("text, expected", [
    ("je d3teste les n0irs", "je deteste les noirs"),
    ("ces p@rasites", "ces parasites"),
    ("les 1diots", "les idiots"),
    ("des ra7s", "des rats"),
    ("des idiot$", "des idiots"),
    ("D3TESTE", "DETESTE"),
])
def test_leetspeak_inside_a_word_is_read_as_letters(speller, text, expected):
    assert respelt(speller, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("je hais les n*irs", "je hais les noirs"),
    ("ces p*rasites", "ces parasites"),
    ("CONN*RD", "CONNARD"),
    ("des r*cistes", "des racistes"),
])
def test_letters_masked_by_asterisks_are_read_as_the_one_watched_word_they_can_be(speller, text, expected):
    assert respelt(speller, text) == expected


@pytest.mark.parametrize("text", ["c*n", "5*3", "*emphase*", "r***", "dehor*"])
def test_masked_words_with_too_few_letters_stay(speller, text):
    assert respelt(speller, text) == text  # "r***": too few letters shown; "dehor*": no letter after the mask


def test_a_masked_word_with_two_readings_stays():
    assert Speller(known=set(), watched={"rats", "rots"}).respell("des r*ts").text == "des r*ts"


@pytest.mark.parametrize("text", [
    "Les 4 renois de 2024 sont là", "Il a payé 30€", "rdv à 12h30", "au 5eme étage", "le 7e art", "le 1er",
    "mp3 et covid19", "4x4",
])
def test_numbers_times_prices_and_ordinals_are_left_alone(speller, text):
    assert respelt(speller, text) == text


def test_a_mention_stays_unless_it_spells_a_watched_word(speller):
    assert respelt(speller, "@jean bonjour") == "@jean bonjour"
    assert respelt(speller, "@rabes dehors") == "arabes dehors"


@pytest.mark.parametrize("text", ["https://p@rasites.fr/lesarabes", "#lesarabes", "p@rasites@mail.fr", "les_arabes"])
def test_links_hashtags_addresses_and_handles_are_left_alone(speller, text):
    assert respelt(speller, text) == text


@pytest.mark.parametrize("text, expected", [
    ("je d é t e s t e les", "je déteste les"),
    ("c o n n a r d s !", "connards !"),
    ("a c o n n a r d", "a connard"),
])
def test_spaced_out_letters_are_joined_into_a_word(speller, text, expected):
    assert respelt(speller, text) == expected


def test_spaced_letters_that_make_no_word_stay_apart(speller):
    assert respelt(speller, "x y z t") == "x y z t"


def test_a_watched_word_in_chunks_is_joined_when_a_chunk_is_no_word(speller):
    assert respelt(speller, "des raci stes") == "des racistes"
    assert respelt(speller, "des para si tes") == "des parasites"


@pytest.mark.parametrize("text", ["il a battu son record", "bla-raci stes", "des raci Stes"])
def test_chunks_that_are_ordinary_words_names_or_compounds_stay_apart(speller, text):
    assert respelt(speller, text) == text


@pytest.mark.parametrize("text, expected", [
    ("jedéteste les", "je déteste les"),
    ("jdéteste les", "j déteste les"),
    ("ils sontdes rats", "ils sont des rats"),
    ("lesarabes dehors", "les arabes dehors"),
    ("jelesdeteste", "je les deteste"),
])
def test_words_run_together_are_split(speller, text, expected):
    assert respelt(speller, text) == expected


@pytest.mark.parametrize("text", [
    "dupont", "shithole", "fuckin", "lesarabes-dehors",  # no watched part, an ordinary word, "in" last, a compound
    "aconnard", "lesjdeteste",  # a single letter that is no elision, or not first
    "thesont", "thelesdeteste",  # function words of two languages
])
def test_a_word_is_split_only_into_a_watched_word_and_function_words(speller, text):
    assert respelt(speller, text) == text


@pytest.mark.parametrize("text, expected", [
    ("connnnard", "connard"),
    ("c'est trooop", "c'est trop"),
    ("nooon", "non"),
    ("RATSSSS", "RATS"),
])
def test_repeated_letters_shrink_to_a_word(speller, text, expected):
    assert respelt(speller, text) == expected


def test_repeated_letters_that_make_no_word_stay(speller):
    assert respelt(speller, "mdrrrr") == "mdrrrr"


@pytest.mark.parametrize("text, expected", [
    ("un connzrd", "un connard"),  # replaced
    ("un connrd", "un connard"),  # dropped
    ("le racissme", "le racisme"),  # added
    ("un racsite", "un raciste"),  # swapped
    ("Connzrd !", "Connard !"),  # capitalised at the start of a sentence
])
def test_one_letter_off_is_corrected_toward_a_watched_word(speller, text, expected):
    assert respelt(speller, text) == expected


def test_a_correction_needs_one_candidate_and_no_ordinary_word_as_close(speller):
    assert respelt(speller, "des racistex") == "des racistex"  # racistes, racistez, racisted
    assert respelt(speller, "un rasiste") == "un rasiste"  # "resiste" is as close as "raciste"


@pytest.mark.parametrize("text", ["hier Connzrd a dit", "Poutine", "les Racsite", "un conn", "un xonnard"])
def test_names_short_words_and_first_letters_are_not_corrected(speller, text):
    assert respelt(speller, text) == text


@pytest.mark.parametrize("text", ["islamo-racsite", "connzrd-land", "connzrd'hui"])
def test_compound_and_elided_words_are_not_corrected(speller, text):
    assert respelt(speller, text) == text


def test_plain_text_comes_back_as_written_with_each_offset_its_own(speller):
    text = "Les 4 renois de 2024 sont là"
    result = speller.respell(text)
    assert result == Respelled(text, tuple(range(len(text) + 1)))


@pytest.mark.parametrize("text, word, original", [
    ("je d é t e s t e les", "déteste", "d é t e s t e"),
    ("lesarabes dehors", "arabes", "arabes"),
    ("lesarabes dehors", "les", "les"),
    ("ces p@rasites !", "parasites", "p@rasites"),
    ("un connnnard !", "connard", "connnnard"),
    ("un connzrd !", "connard", "connzrd"),
    ("un connrd !", "connard", "connrd"),
    ("des raci stes !", "racistes", "raci stes"),
    ("@rabes dehors", "arabes", "@rabes"),
    ("c o n n a r d s", "connards", "c o n n a r d s"),
    ("les n*irs dehors", "noirs", "n*irs"),
])
def test_a_word_found_in_the_respelled_text_spans_its_original_form(speller, text, word, original):
    result = speller.respell(text)
    start = result.text.index(word)
    begin, end = result.original_span(start, start + len(word))
    assert text[begin:end] == original


@pytest.mark.parametrize("text", ["je d é t e s t e les lesarabes", "un connzrd, des ra7s", "", "jedéteste"])
def test_origins_index_the_original_in_order(speller, text):
    result = speller.respell(text)
    assert len(result.origins) == len(result.text) + 1
    assert result.origins[-1] == len(text)
    assert list(result.origins) == sorted(result.origins)
    assert result.original_span(0, len(result.text)) == (0, len(text))


def test_a_span_outside_the_text_is_refused(speller):
    with pytest.raises(ValueError, match="received start=3, end=2"):
        speller.respell("connard").original_span(3, 2)


@pytest.mark.parametrize("text", [
    "je d3teste les n0irs", "je d é t e s t e les", "des raci stes", "jedéteste", "ils sontdes rats", "connnnard",
    "un connzrd", "@rabes dehors", "c o n n a r d s", "Il a payé 30€",
])
def test_respelling_twice_changes_nothing_more(speller, text):
    once = respelt(speller, text)
    assert respelt(speller, once) == once


def test_bad_input_names_what_was_received(speller):
    with pytest.raises(TypeError, match="NoneType received"):
        speller.respell(None)
    with pytest.raises(TypeError, match="known: .* str received"):
        Speller(known="connard", watched=WATCHED)


@pytest.fixture(scope="module")
def palabre_speller() -> Speller:
    return default_speller()


@pytest.mark.parametrize("text", [
    "Les 4 renois de 2024 sont là",
    "Il a payé 30€",
    "@jean bonjour",
    "Poutine et Trump vont encore se rencontrer à Budapest dans deux semaines, rien ne changera pour l'Ukraine.",
    "Franchement je ne comprends pas pourquoi le gouvernement continue à soutenir cette politique.",
    "I honestly do not understand why the government keeps supporting this policy.",
    "Aujourd'hui, les islamo-gauchistes et Zelensky : c'est-à-dire rien de nouveau au 5ème étage à 12h30.",
    "il a battu son record",
])
def test_the_default_speller_leaves_plain_french_and_english_alone(palabre_speller, text):
    assert palabre_speller.respell(text).text == text


@pytest.mark.parametrize("text, expected", [
    ("je d3teste ces p@rasites", "je deteste ces parasites"),
    ("je d é t e s t e les", "je déteste les"),
    ("lesarabes dehors", "les arabes dehors"),
    ("ils sontdes ra7s", "ils sont des rats"),
    ("quel connnnard", "quel connard"),
    ("quel connzrd", "quel connard"),
    ("@rabes", "arabes"),
    ("je déteste les m*sulmans", "je déteste les musulmans"),
    ("ces j*ifs", "ces juifs"),
])
def test_the_default_speller_recovers_hostile_words(palabre_speller, text, expected):
    assert palabre_speller.respell(text).text == expected


def test_the_index_built_whole_corrects_as_the_one_built_length_by_length():
    texts = ["les arrabes dehors", "ces muzulmans", "je les deteste", "sale juiff", "les raci stes",
             "ces immigrés sont des parasittes", "bonjour à tous", "l'islamiste", "ces gauchistess"]
    lazy = Speller(known=default_speller().known, watched=default_speller().watched)
    whole = Speller(known=default_speller().known, watched=default_speller().watched)
    whole.index_all()
    assert whole._indexed >= set(whole._by_length)
    assert [whole.respell(text).text for text in texts] == [lazy.respell(text).text for text in texts]
    assert [whole.respell(text).text for text in texts] == [lazy.respell(text).text for text in texts]  # memoised


def test_the_memo_answers_as_the_first_call():
    fresh = Speller(known=default_speller().known, watched=default_speller().watched)
    first = [fresh.respell(text).text for text in ("ces muzulmans", "ces muzulmans", "jeles deteste")]
    assert first[0] == first[1] and fresh._nearest.cache_info().hits >= 1
