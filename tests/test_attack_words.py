"""The attack rules' words and reaches are data: data/targets/attack_words.csv and attack_settings.csv."""
from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from analytics.enrich.targets import attack_words
from analytics.enrich.targets.attack_words import (
    ATTACK_SETTINGS,
    ATTACK_WORDS,
    BEGINNING_CLASSES,
    CLASSES,
    WORD_CLASSES,
    read_attack_settings,
    read_attack_words,
)
from analytics.errors import InputError
from tests.conftest import ROOT


def copy_with(source: Path, tmp_path: Path, *lines: str) -> Path:
    """A copy of a data file with lines added at its end."""
    copy = tmp_path / source.name
    copy.write_text(source.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return copy


def names_attacks_imports() -> set[str]:
    """Every name the attack rules (attacks.py, attack_voice.py, negation.py, vocatives.py, lacking.py,
    threatened.py) and target resolution (model.py) import from attack_words."""
    names = set()
    for module in ("attacks.py", "attack_voice.py", "negation.py", "vocatives.py", "lacking.py", "threatened.py",
                   "model.py"):
        tree = ast.parse((ROOT / "analytics" / "enrich" / "targets" / module).read_text(encoding="utf-8"))
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                  and node.module == "analytics.enrich.targets.attack_words" for alias in node.names}
    return names


def test_a_word_added_to_the_data_file_is_read_folded(tmp_path):
    words = read_attack_words(copy_with(ATTACK_WORDS, tmp_path, "counter_speech,Méprisable,fr",
                                        "opposing,boycott*,fr", "stereotypes,comme d'hab,fr"))
    assert ("meprisable", "fr") in words["counter_speech"]
    assert ("boycott", "fr") in words["opposing"]
    assert ("comme d'hab", "fr") in words["stereotypes"]  # a phrase stays as written: the evidence shows it


def test_every_class_of_the_data_file_feeds_a_name_the_attack_rules_import():
    with ATTACK_WORDS.open(encoding="utf-8", newline="") as handle:
        in_file = {row["class"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))}
    assert in_file == set(CLASSES)
    fed = {"generalised_quantifiers": "GENERALISED"}  # the quantifiers each generalised turn needs
    imported = names_attacks_imports()
    assert [klass for klass in CLASSES if fed.get(klass, klass.upper()) not in imported] == []


def test_beginnings_are_tuples_words_sets_and_phrases_keyed_as_the_rules_compare_them():
    assert all(isinstance(getattr(attack_words, klass.upper()), tuple) for klass in BEGINNING_CLASSES)
    assert all(isinstance(getattr(attack_words, klass.upper()), set) for klass in WORD_CLASSES
               if klass not in ("generalised_quantifiers", "second_person"))
    assert "jte" in attack_words.SECOND_PERSON["fr"] and "ur" in attack_words.SECOND_PERSON["en"]
    assert attack_words.STEREOTYPES["c'est ça les"] == "c' est ca les"
    assert attack_words.GENERALISED["do that"] == ("do that", ("all",))
    assert attack_words.DEFINITE_SINGULAR < attack_words.DETERMINERS


@pytest.mark.parametrize("line", ["insulting,connard,fr", "opposing,boycott,fr", "kin,pote*,fr",
                                  "generalised,font toujours ça,", "kin,pote,de", "kin,,fr", "kin,pote", "kin,pote,fr,fr"])
def test_a_bad_row_names_its_line(tmp_path, line):
    path = copy_with(ATTACK_WORDS, tmp_path, line)
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError, match=f"line {last}:"):
        read_attack_words(path)


def test_a_class_left_empty_is_an_error(tmp_path):
    path = tmp_path / "attack_words.csv"
    path.write_text("".join(line for line in ATTACK_WORDS.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("plight,")), encoding="utf-8")
    with pytest.raises(InputError, match="none for plight"):
        read_attack_words(path)


def test_a_changed_setting_is_read(tmp_path):
    path = tmp_path / "attack_settings.csv"
    path.write_text(ATTACK_SETTINGS.read_text(encoding="utf-8").replace("\nopposed_reach,4", "\nopposed_reach,6"),
                    encoding="utf-8")
    assert read_attack_settings(path) == {"attribution_reach": attack_words.ATTRIBUTION_REACH, "opposed_reach": 6}


@pytest.mark.parametrize("line", ["opposed_reach,four", "opposed_reach,5", "opposed_distance,4"])
def test_a_bad_setting_names_its_line(tmp_path, line):
    path = copy_with(ATTACK_SETTINGS, tmp_path, line)
    last = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError, match=f"line {last}:"):
        read_attack_settings(path)


def test_a_file_without_the_expected_columns_is_an_error(tmp_path):
    path = tmp_path / "attack_words.csv"
    path.write_text("class,term\nkin,pote\n", encoding="utf-8")
    with pytest.raises(InputError, match="header: expected the columns class,word,lang"):
        read_attack_words(path)


@pytest.mark.parametrize("lang, form, term", [
    ("fr", "tues", "tuer"), ("fr", "pendus", "pendre"), ("fr", "tuerai", "tuer"), ("fr", "egorge", "egorger"),
    ("en", "killed", "kill"), ("en", "slaughtered", "slaughter"),
])
def test_verbs_of_killing_match_in_every_tense_and_person(lang, form, term):
    from analytics.text.lexicon import load_lexicons

    lexicon = load_lexicons()[lang]
    assert lexicon.lookup(form) in (form, term) and lexicon.kind[lexicon.lookup(form)] == "threat"


@pytest.mark.parametrize("form, term", [("puent-ils", "puent"), ("tuera-t-on", "tuer"), ("crèvent-elles", "crever")])
def test_a_verb_before_its_subject_in_a_question_is_looked_up_alone(form, term):
    from analytics.text.lexicon import load_lexicons
    from analytics.text.words import fold

    lexicon = load_lexicons()["fr"]
    assert lexicon.lookup(fold(form)) == lexicon.lookup(fold(term)) is not None


def test_a_hostile_verb_asked_about_a_group_attacks_it():
    from analytics.enrich.targets import hostility
    from analytics.enrich.targets.model import analyse_targets

    with hostility.rules_only():
        found = analyse_targets(["Pourquoi les musulmans puent-ils autant ?"], "fr", mode="fast")[0]
    assert [t.name for t in found if t.attack] == ["Muslims"]


@pytest.mark.parametrize("text, word, expected", [
    ("Trois musulmans ont été tués hier", "tués", True),
    ("Three Muslims were killed in the attack", "killed", True),
    ("Les musulmans devraient tous être tués", "tués", False),
    ("Il faudrait qu'ils soient tués", "tués", False),
    ("They deserve to be killed", "killed", False),
    ("Je vais tuer tous les musulmans", "tuer", False),
])
def test_a_killing_reported_in_the_passive_is_what_happened_not_a_threat(text, word, expected):
    from analytics.enrich.targets.attack_voice import happened

    assert happened(text, 0, text.index(word)) is expected
