"""Named targets: every resolution rule, in French and English, and the seed comments."""
from __future__ import annotations

import json

import pytest

from analytics.cli.main import main
from analytics.enrich.targets.aliases import Alias, AliasIndex, read_aliases
from analytics.enrich.targets.model import (
    ADDRESSEE,
    UNNAMED,
    analyse_targets,
    default_index,
    find_mentions,
)
from analytics.errors import InputError
from analytics.load import load_file
from tests.conftest import SAMPLE_PAGE

# Known regressions of the fast learned scorer (0.8.0, and 0.9.0 for those so marked in the reason): it reads these development sentences as hostile,
# and no rule guards them (counter-speech, quotes and positive clauses are guarded). Strict: a fix
# makes them fail, so the marker must go. See docs/targets.md, "The learned scorer".
SCORER_FALSE_ALARM = pytest.mark.xfail(strict=True, reason="fast scorer false alarm (0.8.0 or later)")


def known_false_alarm(*values):
    return pytest.param(*values, marks=SCORER_FALSE_ALARM)


def targets_of(text: str, lang: str = "fr", context: str = "", mode: str = "fast") -> dict:
    [found] = analyse_targets([text], lang, [context], mode)
    return {target.name: target for target in found}


def names(text: str, **kwargs) -> set[str]:
    return set(targets_of(text, **kwargs))


@pytest.mark.parametrize("text", ["Poutine a parlé", "Putin spoke", "Vladimir Poutine a parlé", "POUTINE"])
def test_spelling_and_language_variants_of_putin(text):
    assert names(text) == {"Vladimir Putin"}


@pytest.mark.parametrize("text", ["Zelensky", "Zelenski", "Zelenskyy", "Volodymyr Zelensky", "Zélensky"])
def test_spelling_variants_of_zelensky(text):
    assert names(f"{text} a parlé") == {"Volodymyr Zelensky"}


@pytest.mark.parametrize("text", ["L'UE impose", "l’UE impose", "The EU imposes", "L'Union européenne impose"])
def test_the_european_union_however_written(text):
    assert "European Union" in names(text)


def test_abbreviations_need_capitals_so_articles_are_not_the_un():
    assert names("un accord avec un voisin") == set()
    assert names("L'ONU et l'UN") == {"United Nations"}


def test_nicknames_and_epithets():
    assert names("Bojo a menti") == {"Boris Johnson"}
    assert names("le nain de Kiev et le nain barbu") == {"Volodymyr Zelensky"}
    assert names("les eurocrates et les bouffons bruxellois") == {"European Union"}


def test_capitalised_nicknames_need_a_capital():
    assert names("Donald a parlé") == {"Donald Trump"}
    assert names("donald le canard") == set()


@pytest.mark.parametrize("text, expected", [
    ("Bruxelles impose ses règles", "European Union"),
    ("Le Kremlin a répondu", "Russian government"),
    ("Moscou menace l'Europe", "Russian government"),
    ("Kiev refuse de négocier", "Ukrainian government"),
    ("Washington sanctionne", "US government"),
    ("les bouffons de Bruxelles", "European Union"),
])
def test_metonyms_acting_are_governments(text, expected):
    assert expected in names(text)


@pytest.mark.parametrize("text, expected", [
    ("Il habite à Bruxelles", "Brussels"),
    ("Le sommet aura lieu à Moscou", "Moscow"),
    ("rendue publique à la Maison Blanche", "White House"),
    ("I live in Washington", "Washington"),
])
def test_metonyms_after_a_locative_are_places(text, expected):
    found = targets_of(text, lang="en" if text.startswith("I ") else "fr")
    assert expected in found and found[expected].type == "place"


def test_demonyms_and_groups_with_their_slurs():
    assert names("les Allemands") == {"Germany"}
    assert names("les soldats ukros") == {"Ukraine"}
    assert names("les musulmans et les juifs") == {"Muslims", "Jews"}
    assert names("un musulman") == {"Muslims"}
    assert names("#migrants") == {"immigrants and refugees"}


@pytest.mark.parametrize("text, expected", [
    ("le mur anti-migrants", {"immigrants and refugees"}),
    ("les pro-Poutine sont partout", {"Vladimir Putin"}),
    ("the pro-Putin crowd", {"Vladimir Putin"}),
    ("un anarcho-socialo-gauchiste", {"left-wing people"}),
    ("le duel Poutine-Trump", {"Vladimir Putin", "Donald Trump"}),
    ("Jean-Luc Mélenchon parle", {"Jean-Luc Mélenchon"}),
])
def test_hyphenated_compounds_name_their_parts_unless_an_alias_holds_them(text, expected):
    assert names(text) == expected
    assert names("à Saint-Pétersbourg hier") == set()


def test_a_surname_resolves_to_the_full_name_used_in_the_context():
    found = targets_of("Dupont a encore menti.", context="Le ministre Jean Dupont a présenté son plan.", mode="accurate")
    assert "Jean Dupont" in found


def test_no_elision_or_common_noun_becomes_a_target():
    found = names("Qu'il parte ! C'est l'heure, qu'on en finisse avec la guerre.", mode="accurate")
    assert not any(name.lower().rstrip("'") in {"qu", "c", "l", "guerre", "heure"} for name in found)
    assert found == set()


def test_shouting_is_not_an_organisation():
    assert "VRAIMENT" not in names("Il comprendra ce qu'est VRAIMENT la guerre", mode="accurate")


def test_the_seed_comments():
    comments = load_file(SAMPLE_PAGE, None, None, None).comments
    found = analyse_targets([c.text for c in comments], "fr", mode="accurate")
    every = {t.name for targets in found for t in targets}
    assert every >= {"Boris Johnson", "Volodymyr Zelensky", "European Union", "Viktor Orban", "Vladimir Putin",
                     "Donald Trump", "Germany", "Hungary", "International Criminal Court"}
    attacked = {t.name for targets in found for t in targets if t.attack}
    # as in 0.7.0 (rules alone): the learned scorer adds and removes nothing here in accurate mode
    assert attacked == {"Boris Johnson", "Volodymyr Zelensky", "European Union", "Ukraine", "United Kingdom"}
    mentions = {m.text for targets in found for t in targets if t.name == "Boris Johnson" for m in t.mentions}
    assert mentions == {"Boris Johnson", "Bojo"}
    zelensky = {m.text for targets in found for t in targets if t.name == "Volodymyr Zelensky" for m in t.mentions}
    assert zelensky == {"nain de Kiev", "nain barbu"}
    eu = {m.text for targets in found for t in targets if t.name == "European Union" for m in t.mentions}
    assert eu >= {"UE", "eurocrates", "bouffons bruxellois"}
    for targets, comment in zip(found, comments):
        for target in targets:
            for mention in target.mentions:
                assert comment.text[mention.start:mention.end] == mention.text
            assert -1 <= target.sentiment <= 1


@pytest.mark.parametrize("text, target", [
    ("Les migrants sont des parasites.", "immigrants and refugees"),
    ("Bojo est répugnant", "Boris Johnson"),
    ("Macron est un menteur et un escroc", "Emmanuel Macron"),
    ("Mort aux juifs", "Jews"),
    ("qu'ils aillent se faire enculer les gauchistes", "left-wing people"),
    ("Trump is a pathetic liar", "Donald Trump"),
])
def test_insults_threats_and_contempt_are_attacks(text, target):
    found = targets_of(text, lang="en" if text.startswith("Trump") else "fr")
    assert found[target].attack


@pytest.mark.parametrize("text, target", [
    ("Je ne déteste pas les musulmans", "Muslims"),
    ("Traiter les femmes de salopes est inacceptable", "women"),
    ("« les juifs sont des rats » : ce genre de propos est antisémite", "Jews"),
    ("Les Allemands sont très sympathiques", "Germany"),
    ("Macron a présenté son plan hier", "Emmanuel Macron"),
])
def test_denials_counter_speech_and_neutral_mentions_are_not_attacks(text, target):
    found = targets_of(text)
    assert not found[target].attack


def test_a_verb_spelt_like_a_slur_is_not_one():
    assert names("je m'attarde sur ce détail, il s'attarde aussi") == set()
    assert names("cet attardé") == {"disabled people"}


def test_a_slur_hurled_at_the_addressee_attacks_the_addressee():
    found = targets_of("@user t'es un mongol")
    assert found[ADDRESSEE].attack
    assert ADDRESSEE not in names("@user je suis d'accord avec toi")


@pytest.mark.parametrize("text, lang, word", [
    ("quel abruti ce mec", "fr", "abruti"),
    ("ces connards ont encore gagné", "fr", "connards"),
    ("j'apprends qu'une giga pute de mon ancien lycée a gueulé", "fr", "pute"),
    ("regarde ce gros fdp de raciste", "fr", "fdp"),
    ("what a moron", "en", "moron"),
])
def test_name_calling_with_no_one_named_attacks_someone_unnamed(text, lang, word):
    found = targets_of(text, lang)
    assert set(found) == {UNNAMED}
    assert found[UNNAMED].attack and found[UNNAMED].evidence == [word]


@pytest.mark.parametrize("text, lang", [
    ("je ne suis pas un connard", "fr"),
    ("traiter quelqu'un de connard est inacceptable", "fr"),
    ("c'est une connerie", "fr"),
    ("j'ai un chien et une vache", "fr"),
    known_false_alarm("he is not an idiot", "en"),  # since 2026-12-07's added templates: the scorer reads 0.72
])
def test_no_name_calling_no_one_unnamed(text, lang):
    assert UNNAMED not in names(text, lang=lang)


def test_name_calling_near_a_target_is_that_targets():
    found = targets_of("Macron, ce connard")
    assert set(found) == {"Emmanuel Macron"} and found["Emmanuel Macron"].attack
    found = targets_of("@user t'es qu'un connard")
    assert set(found) == {ADDRESSEE} and found[ADDRESSEE].attack


def test_a_denouncing_word_hurled_as_an_insult_is_an_insult():
    assert targets_of("tfou tu me dégoûtes sale raciste !")[ADDRESSEE].attack
    assert not targets_of("c'est raciste de dire sale arabe")["Arabs"].attack  # still counter-speech


@pytest.mark.parametrize("text", ["le gauchiste est aveugle, il rend sourd", "rt @user le gauchiste est aveugle",
                                  "et la féministe est toujours hystérique et ridicule"])
def test_the_definite_singular_as_subject_is_a_generalisation(text):
    assert any(target.attack for target in targets_of(text).values() if target.type == "group")


@pytest.mark.parametrize("text", ["la femme a été tuée par son mari", "le migrant a été secouru après un drame",
                                  "la femme de Jean est malade"])
def test_the_definite_singular_of_an_event_or_a_person_is_not(text):
    assert not any(target.attack for target in targets_of(text).values())


@SCORER_FALSE_ALARM
def test_a_group_name_hurled_with_espece_de_attacks_the_group_and_the_person():
    found = targets_of("@user t'as pas honte espèce de coco islamo-gauchiste ?")
    assert found["left-wing people"].attack and found[ADDRESSEE].attack
    assert "espèce de" in found["left-wing people"].evidence
    assert not targets_of("c'est une espèce de féministe modérée")["women"].attack  # a kind, not an insult


def test_a_group_name_as_predicate_is_said_of_someone_not_the_group():
    assert not targets_of("même en étant gauchiste pro migrants j'aurais baillé")["left-wing people"].attack


@pytest.mark.parametrize("text", ["encore une gauchiste déconnectée", "l'idéologie gauchiste a ruiné ce pays",
                                  "juste un gauchiste toujours à donner des leçons", "t'es une gauchiste pro islamiste",
                                  "pas plus gauchiste comme journal"])
def test_the_singular_gauchiste_is_an_epithet(text):
    # the plural names the group ("les gauchistes votent dimanche" is no attack: the functional cases);
    # the singular, said of someone or something, is the pejorative label (the neutral one is "de gauche")
    found = targets_of(text)["left-wing people"]
    assert found.attack and found.evidence[0].lower() == "gauchiste"


@pytest.mark.parametrize("text", ["je ne suis pas un gauchiste", "ce n'est pas un affreux gauchiste qui dit ça",
                                  "je suis gauchiste et fier de l'être", "même en étant gauchiste pro migrants"])
def test_a_denied_or_claimed_epithet_is_no_attack(text):
    assert not targets_of(text)["left-wing people"].attack


@SCORER_FALSE_ALARM
def test_an_epithet_echoed_as_a_question_questions_the_label():
    assert not targets_of("gauchiste ? la bonne blague. xavier bertrand est un gauchiste ?")["left-wing people"].attack
    assert targets_of("encore un gauchiste, quelle blague")["left-wing people"].attack


@pytest.mark.parametrize("text, target", [
    ("le terrorisme intellectuel du lobby homosexuel", "gay people"),  # a conspiracy trope names the group
    ("ce sont donc des migrants ? il faut donc les expulser !", "immigrants and refugees"),
    ("quand un blanc parle des renois ça fait les chialeurs", "Black people"),
    ("@user t'es qu'un lécheur de babouches", "the addressee"),
    ("l'ensauvagement de nos villes par les migrants", "immigrants and refugees"),
    ("@user espèce de russe", "Russia"),  # a demonym hurled with "espèce de"
])
def test_tropes_exclusion_and_hurled_demonyms_are_attacks(text, target):
    assert targets_of(text)[target].attack


@pytest.mark.parametrize("text, target", [
    ("l'islamisation de l'Europe est visible dans nos rues", "Muslims"),
    ("le grand remplacement est inévitable", "immigrants and refugees"),
    ("#grandremplacement encore un bateau", "immigrants and refugees"),
    ("adepte de l'africanisation de notre continent", "Black people"),
    ("The Great Replacement is happening", "immigrants and refugees"),
    ("la vraie France c'est celle d'avant l'invasion musulmane", "Muslims"),
    ("The Muslim invasion of Europe", "Muslims"),
])
def test_conspiracy_tropes_attack_the_group_they_name(text, target):
    found = targets_of(text, lang="en" if text.startswith("The") else "fr")[target]
    assert found.attack and found.evidence


@pytest.mark.parametrize("text, target", [
    ("le fantasme raciste du grand remplacement", "immigrants and refugees"),
    ("la théorie complotiste de l'islamisation ne tient pas", "Muslims"),
    ("il n'y a pas d'islamisation de la France", "Muslims"),
    ("« grand remplacement » ? la bonne blague", "immigrants and refugees"),
    ("parler de lobby juif est antisémite", "Jews"),  # the trope denounced, as a slur would be
    ("The Great Replacement is a racist conspiracy theory", "immigrants and refugees"),
])
def test_a_trope_disowned_denied_or_denounced_is_no_attack(text, target):
    assert not targets_of(text, lang="en" if text.startswith("The") else "fr")[target].attack


@pytest.mark.parametrize("text, attacked", [
    ("@user surement des arabes pour changer !", True),
    ("c'est ça les rebeus :/", True),
    ("@user c les rebeus ça", True),
    ("c'est les migrants ça qui sont sauvés, bravo aux sauveteurs", False),
    ("t'es en retard tous les arabes font ça", True),
    ("toutes les femmes font ça et c'est formidable, bravo", False),  # a positive clause
    ("mes potes rebeus pour changer", False),  # one's own, not the group
    ("les musulmans font ça pendant le ramadan", False),  # a practice, not all of them pinned
    known_false_alarm("comme d'habitude les juifs fêtent Hanoukka", False),
])
def test_a_stereotyping_turn_pins_a_behaviour_on_the_group(text, attacked):
    found = [t for t in targets_of(text).values() if t.type == "group"]
    assert any(t.attack for t in found) == attacked
    if attacked:
        assert "negative generalisation" in next(t for t in found if t.attack).evidence


@pytest.mark.parametrize("text, group", [
    ("je ne suis pas raciste mais les arabes sont des voleurs", "Arabs"),
    ("c'est pas pour faire d'amalgames mais les renois vous aimez trop vous plaindre du racisme", "Black people"),
    ("sans vouloir faire d'amalgame, les migrants sont des parasites", "immigrants and refugees"),
])
def test_a_disclaimer_or_a_mocked_complaint_of_racism_is_not_counter_speech(text, group):
    assert targets_of(text)[group].attack


def test_a_capitalised_insult_inside_a_sentence_is_a_name():
    assert names("Les Âmes mortes de Gogol") == set()
    assert targets_of("quel gogol ce mec")["someone unnamed"].attack
    assert targets_of("te prends pas la tête avec ces gogols")["disabled people"].attack


def test_a_call_to_expel_a_whole_group_is_a_threat():
    assert targets_of("fermer les frontières et expulser tous les clandestins")["immigrants and refugees"].attack
    assert targets_of("rentrez chez vous les migrants")["immigrants and refugees"].attack


def test_an_epithet_stays_the_author_s_in_a_clause_that_denounces_racism_unless_someone_is_called_it():
    text = "le négationnisme du racisme anti-blanc de l'islamo-gauchiste @user"
    assert targets_of(text)["left-wing people"].attack
    assert not targets_of("traiter quelqu'un d'islamo-gauchiste c'est raciste")["left-wing people"].attack
    assert not targets_of("quand on m'emmerde je traite ce dernier de gauchiste")["left-wing people"].attack


def test_a_generalisation_said_before_a_colon_is_said_of_the_group_after_it():
    assert targets_of("le seul terrorisme que nous connaissons porte un nom : l’islam")["Muslims"].attack
    assert not targets_of("la seule religion que je pratique porte un nom : l’islam")["Muslims"].attack


def test_an_epithet_for_one_s_own_friend_or_a_language_is_no_attack():
    assert not targets_of("mon cousin et son ami gauchiste avec qui il est allé à Conakry")["left-wing people"].attack
    assert names("je pensais que t'étais programmé en igbo et en mongol traditionnel") == {"Mongolia"}
    assert targets_of("@user ftgl sale pute")["the addressee"].attack


def test_a_group_name_after_kin_names_one_s_own_not_the_group():
    assert not targets_of("mes potes renois arrêtez d'aller voir des films d'horreur")["Black people"].attack


@pytest.mark.parametrize("text, group", [("sale pd", "gay people"), ("espèce de triso", "disabled people"),
                                         ("ces feminazis", "women"), ("tu es une bonne pédale", "gay people")])
def test_common_slurs_and_their_spellings(text, group):
    assert targets_of(text)[group].attack


def test_a_nationality_coordinated_with_a_demonym_is_not_a_slur():
    assert names("les présidents azerbaïdjanais et mongol se rencontrent à Bakou") == {"Azerbaijan"}
    assert targets_of("les Turcs et ce mongol")["disabled people"].attack  # a determiner makes it a noun


def test_speaking_against_a_conflation_is_counter_speech():
    assert not targets_of("vous confondez l'islam et le terrorisme")["Muslims"].attack
    assert not targets_of("pas d'amalgame entre les musulmans et les terroristes")["Muslims"].attack


def test_denying_a_group_s_humanity_dehumanises_it():
    assert targets_of("les juifs ne sont pas des êtres humains")["Jews"].attack
    assert not targets_of("les migrants sont des êtres humains")["immigrants and refugees"].attack


def test_treating_someone_like_something_is_not_calling_them_a_name():
    assert targets_of("tous les renois insultent les beurettes et vous traitent comme des putes")["Black people"].attack
    assert not targets_of("traiter les renois de singes est inacceptable")["Black people"].attack


def test_a_denial_before_someone_else_s_words_does_not_deny_the_name():
    assert targets_of("il ne faut pas écouter ces eurocrates")["European Union"].attack
    assert targets_of("pas votre logique gauchiste")["left-wing people"].attack


def test_a_slur_spelt_like_a_participle_with_its_complement_is_the_verb():
    assert names("je suis trop attardé sur le bonheur des gens") == set()
    assert targets_of("cet attardé sur la route")["disabled people"].attack


def test_being_labelled_a_name_is_not_being_called_it():
    assert names("@user je crains que ce soit sa peur d'être étiqueté facho") == set()


@SCORER_FALSE_ALARM
def test_a_slur_reported_right_after_a_verb_of_saying_is_mentioned_not_used():
    assert not targets_of("mon petit frère raconte qu'un russe a dit sale arabe à un garçon")["Arabs"].attack
    assert not targets_of("ah non j'ai cru lire sale juif")["Jews"].attack
    assert targets_of("@user tu racontes quoi attardé")["disabled people"].attack  # "raconte" is not right before
    assert targets_of("c'est absolument pas ce qu'il dit attardé")["disabled people"].attack  # no auxiliary


def test_islamists_are_not_muslims():
    found = targets_of("les islamistes sont des barbares")
    assert set(found) == {"Islamists"} and found["Islamists"].attack
    assert "Islamists" in names("l'islam radical recrute")


def test_a_generalisation_can_come_before_the_group_it_is_said_of():
    assert targets_of("la principale source du terrorisme c'est l'islam")["Muslims"].attack
    assert not targets_of("la principale victime du terrorisme c'est l'islam")["Muslims"].attack


def test_a_quoted_word_does_not_make_a_generalisation():
    assert not targets_of("les migrants ont entendu le mot « parasites » à la radio")["immigrants and refugees"].attack


def test_a_possessive_before_des_is_a_typo_not_a_member():
    assert targets_of("ta des renois faut leur retirer le permis c'est des dangers du volant")["Black people"].attack


@pytest.mark.parametrize("text, attacked", [("je ne supporte plus les gauchistes", True),
                                            ("jsupporte pas les migrants", True),
                                            known_false_alarm("je supporte les migrants", False)])
def test_not_standing_a_group_is_contempt(text, attacked):
    assert any(target.attack for target in targets_of(text).values()) == attacked


def test_spelling_variants_of_contempt_words():
    assert "bien pensant" in targets_of("un bien pensant gauchiste ??")["left-wing people"].evidence
    assert targets_of("ce mongolien de Verratti")["disabled people"].attack
    assert targets_of("toute une catégorie de gauchistes imbibés de moraline")["left-wing people"].attack


@pytest.mark.parametrize("text, group", [
    ("une juive de Paris", "Jews"), ("les musulmanes du quartier", "Muslims"),
    ("les Ukrainiennes accueillies à Lyon", "Ukraine"), ("les immigrées travaillent", "immigrants and refugees"),
    ("une réfugiée syrienne", "immigrants and refugees"), ("les femmes homosexuelles", "gay people"),
])
def test_feminine_forms_of_groups_and_peoples(text, group):
    assert group in names(text)


def test_a_feminine_adjective_that_means_something_else_is_not_a_group():
    assert "immigrants and refugees" not in names("une activité clandestine")
    assert names("les trans") == {"trans people"}  # "trans" has no feminine: it is both


@pytest.mark.parametrize("text, group, attacked", [
    ("la délinquance maghrébine explose", "Arabs", True),
    ("le machisme africain", "Black people", True),
    ("la fourberie juive", "Jews", True),
    ("la cuisine africaine est délicieuse", "Black people", False),
    ("la communauté juive est fière de son histoire", "Jews", False),
    ("une femme juive agressée dans le métro", "Jews", False),  # one person, and what happened to her
])
def test_a_group_adjective_is_read_with_the_noun_it_qualifies(text, group, attacked):
    assert targets_of(text)[group].attack == attacked


@pytest.mark.parametrize("text, lang, group", [
    ("retourne en Afrique", "fr", "Black people"),
    ("@user rentre au bled", "fr", "Arabs"),
    ("retournez dans votre pays", "fr", "immigrants and refugees"),
    ("go back to Africa", "en", "Black people"),
    ("go back to your country", "en", "immigrants and refugees"),
])
def test_a_go_back_injunction_attacks_the_group_it_sends_away(text, lang, group):
    assert targets_of(text, lang=lang)[group].attack


def test_a_go_back_injunction_quoted_to_denounce_it_is_no_attack():
    assert not targets_of("on m'a dit « retourne en Afrique », c'est raciste")["Black people"].attack


@pytest.mark.parametrize("text, lang, attacked", [
    ("l'islam interdit formellement le terrorisme", "fr", False),
    known_false_alarm("les musulmans condamnent les attentats", "fr", False),
    ("les migrants luttent contre la violence", "fr", False),
    ("les musulmans propagent le terrorisme", "fr", True),  # the same evil, spread rather than opposed
    ("les migrants apportent la violence", "fr", True),
    ("Muslims condemn terrorism", "en", False),
])
def test_a_group_that_opposes_an_evil_is_not_spoken_of_negatively(text, lang, attacked):
    assert any(t.attack for t in targets_of(text, lang=lang).values()) == attacked


@pytest.mark.parametrize("text, word", [("ces bouffonnes", "bouffonnes"), ("une menteuse", "menteuse"),
                                        ("quelle conne", "conne")])
def test_feminine_forms_of_name_calling(text, word):
    assert word in targets_of(text)["someone unnamed"].evidence


def test_html_entities_left_by_exports_are_read_as_their_characters():
    text = "les rebeu &amp; les renois sont des voleurs ; islam-&gt;islamisme-&gt;terrorisme"
    found = targets_of(text)
    assert found["Black people"].attack and found["Muslims"].attack
    for target in found.values():  # offsets and surfaces still index the text as written
        assert all(text[m.start:m.end] == m.text for m in target.mentions)


@pytest.mark.parametrize("text, group, attacked", [
    ("j'aime pas les rebeus", "Arabs", True),
    ("je n'aime pas les migrants", "immigrants and refugees", True),
    ("j'aime pas les gens qui insultent les arabes", "Arabs", False),  # the dislike is of someone else
    known_false_alarm("ils aiment pas les noirs", "Black people", False),  # someone else's dislike, reported
    ("les arabes cassent les couilles", "Arabs", True),
    ("ces merdasses de féministes", "women", True),
])
def test_disliking_a_group_in_one_s_own_voice_is_contempt(text, group, attacked):
    assert targets_of(text)[group].attack == attacked


@pytest.mark.parametrize("text, group", [
    ("tellement facile ce terme de gauchiste asséné dès que l'on critique", "left-wing people"),
    ("le mot mongol est une insulte", "disabled people"),
    ("@user m'a traitée de sale arabe", "Arabs"),  # a reported insult, in the feminine
])
def test_a_word_talked_about_or_an_insult_reported_is_no_attack(text, group):
    assert not targets_of(text)[group].attack


@pytest.mark.parametrize("text, lang, attacked", [
    ("j'ai pas compris la sale arabe tu veux quoi", "fr", True),  # "pas" negates "compris"
    ("je ne suis pas un sale arabe", "fr", False),
    ("il n'est pas très con, Macron", "fr", False),
    ("I did not watch that moron Trump", "en", True),
    ("Trump is not a moron", "en", False),
    ("les femmes ne sont pas du tout stupides", "fr", False),  # "du tout" completes the negation
    ("women are not at all stupid", "en", False),
    ("les musulmans ne sont pas du tout des voleurs", "fr", False),  # "du tout" is not counted in the reach
    ("immigrants are not at all the criminals they say", "en", False),
    ("Ce n'est pas tout, ces racailles de migrants doivent partir", "fr", True),  # "tout" after no negator
])
def test_a_negation_stops_at_the_verb_it_negates(text, lang, attacked):
    assert any(t.attack for t in targets_of(text, lang=lang).values()) == attacked


def test_target_sentiment_comes_from_its_own_clause():
    found = targets_of("J'adore Macron, mais Trump est un menteur.")
    assert found["Emmanuel Macron"].sentiment > found["Donald Trump"].sentiment


def test_a_custom_alias_table(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("canonical,type,alias,lang,kind,place\nJean Dupont,person,le Zébu,fr,epithet,\n", encoding="utf-8")
    [found] = analyse_targets(["Le Zébu a encore frappé"], "fr", mode="fast", index=AliasIndex(read_aliases(table)))
    assert [(t.name, t.attack) for t in found] == [("Jean Dupont", True)]


def test_a_bad_alias_row_names_its_line(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("canonical,type,alias,lang,kind,place\n# note\nX,person,X,,nickname,\nY,planet,Y,,name,\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match=r"aliases.csv, line 4: expected type one of"):
        read_aliases(table)


def test_abbreviation_case_rule_is_per_alias():
    alias = Alias("United Nations", "organisation", "UN", "en", "abbreviation")
    assert alias.accepts("UN") and not alias.accepts("un")


def test_mentions_come_in_text_order():
    mentions = find_mentions("Trump et Poutine, puis l'UE", default_index())
    assert [m.text for _, _, m in mentions] == ["Trump", "Poutine", "UE"]


def test_cli_predict_targets(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Bojo est répugnant"}\n{"text": "Dupont ment", "context": "Jean Dupont"}\nRien.\n',
                      encoding="utf-8")
    assert main(["predict", "targets", "--input", str(source), "--lang", "fr", "--mode", "fast"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    [bojo] = lines[0]["targets"]
    assert bojo["name"] == "Boris Johnson" and bojo["type"] == "person" and bojo["attack"] is True
    assert bojo["mentions"] == [{"text": "Bojo", "start": 0, "end": 4}]
    assert bojo["evidence"] == ["répugnant"]  # what makes it an attack, as written
    assert lines[2] == {"targets": []}


@pytest.mark.parametrize("text, group", [
    ("Les migrants apportent la violence et le chaos partout", "immigrants and refugees"),
    ("les musulmans nous envahissent, c'est une honte", "Muslims"),
    ("Toute féministe est hystérique et insupportable", "women"),
    ("les gauchistes détruisent ce pays", "left-wing people"),
    ("Immigrants are ruining this country, disgusting", "immigrants and refugees"),
])
def test_a_negative_generalisation_about_a_group_is_an_attack(text, group):
    found = targets_of(text, "en" if text.startswith("Immigrants") else "fr")
    assert found[group].attack
    assert "negative generalisation" in found[group].evidence


@pytest.mark.parametrize("text, group", [
    ("Des milliers de réfugiés souffrent de la faim à Calais", "immigrants and refugees"),
    ("La violence policière envers les migrants est terrible", "immigrants and refugees"),
    known_false_alarm("Sa femme est morte hier dans un terrible accident", "women"),
    ("Trois juifs ont été tués dans l'attaque", "Jews"),
    ("Je ne suis pas un gauchiste, c'est triste", "left-wing people"),
    ("Les femmes et les enfants d'abord !", "women"),
    ("Refugees are suffering terribly in the camps", "immigrants and refugees"),
    ("Être 4 renois dans une 206 et oublier les papiers", "Black people"),  # a count in figures
    ("des migrants de 9 ans menacent des écoliers", "immigrants and refugees"),  # children of an age
    ("les clandestins et les migrants traversent la frontière", "immigrants and refugees"),  # a group's own name
])
def test_victims_members_and_denied_membership_are_not_generalisations(text, group):
    found = targets_of(text, "en" if text.startswith("Refugees") else "fr")
    assert group in found
    assert not found[group].attack, found[group].evidence


def test_an_insult_qualifying_a_group_noun_attacks_the_group_too():
    found = targets_of("j'voulais pas te mentionner toi sale arabe")
    assert found["Arabs"].attack and "sale" in found["Arabs"].evidence
    assert found[ADDRESSEE].attack


@SCORER_FALSE_ALARM
def test_false_friends_are_neither_slurs_nor_insults():
    assert not names("Le train est arrivé avec des retards importants")  # English slur, French delay
    assert not names("Il tenait la bride de son cheval")  # a bridle
    found = targets_of("Les femmes de Salé brodent la dentelle")  # the town, not "sale"
    assert not found["women"].attack


def test_a_singular_group_noun_is_a_member_mention():
    [found] = analyse_targets(["Une femme a parlé, puis les femmes ont voté"], "fr")
    [women] = found
    assert [m.kind for m in women.mentions] == ["member", "group"]


FUNCTIONAL_CASES = {  # language: (group nouns, statements that are no attack, attacks)
    "fr": (["juifs", "musulmans", "femmes", "migrants", "Noirs", "Arabes", "homosexuels", "handicapés", "réfugiés",
            "Roms", "gauchistes", "Asiatiques", "trans"],
           ["les {g} fêtent la fin de l'année", "les {g} votent dimanche", "j'aime beaucoup les {g}",
            "les {g} sont nos voisins", "Je ne déteste pas les {g}", "Dire que les {g} sont des parasites est raciste",
            "les {g} ont le droit de vivre en paix", "Les {g} subissent des discriminations terribles",
            "Beaucoup de {g} travaillent à l'hôpital", "tous les {g} font ça et c'est formidable"],
           ["les {g} sont des parasites", "les {g} nous envahissent, c'est une honte", "Dehors les {g} !",
            "les {g} sont une plaie pour ce pays", "Je hais les {g}",
            "les {g} devraient tous être expulsés, quelle horreur", "encore des {g} pour changer"]),
    "en": (["Muslims", "Jews", "women", "immigrants", "refugees", "Black people", "Arabs", "gays", "Asians",
            "trans people", "disabled people", "journalists"],
           ["{g} celebrate the end of the year", "I really like {g}", "{g} are our neighbours", "I don't hate {g}",
            "Saying that {g} are parasites is racist", "{g} suffer terrible discrimination",
            "Many {g} work at the hospital"],
           ["{g} are parasites", "{g} are invading us, it's disgusting", "I hate {g}", "{g} are a plague on this country",
            "{g} should all be deported, they are vermin"]),
}


@pytest.mark.parametrize("lang, template", [
    known_false_alarm(lang, template) if template in ("I really like {g}", "{g} are our neighbours") else (lang, template)
    for lang, (_, calm, hostile) in FUNCTIONAL_CASES.items() for template in calm + hostile])
def test_functional_cases_for_every_group(lang, template):
    """HateCheck-style templates (Röttger et al. 2021): the same sentence for every group noun
    must get the same answer; neutral, positive, denied and denounced statements are no attack."""
    nouns, _, attacks = FUNCTIONAL_CASES[lang]
    texts = [template.format(g=noun) for noun in nouns]
    flagged = [any(t.attack and t.type == "group" for t in found) for found in analyse_targets(texts, lang)]
    wrong = [noun for noun, flag in zip(nouns, flagged) if flag != (template in attacks)]
    assert not wrong, f"{template!r}: wrong for {wrong}"


@pytest.mark.parametrize("text, target", [
    ("Il s’attarde encore sur le nombre de participants", None),  # curly apostrophe: the verb s'attarder
    ("je m'y étais pas attardé, c'est futbin en mieux", None),
    ("l'empire mongol a conquis la Chine", "Mongolia"),
    ("le président mongol arrive en Azerbaïdjan", "Mongolia"),
])
def test_a_slurs_other_senses_are_not_slurs(text, target):
    found = targets_of(text)
    assert "disabled people" not in found
    assert (target in found) if target else not found


@pytest.mark.parametrize("text", ["Non, je ne suis pas un attardé", "I am not a retard", "Paris Première reçoit une mise en demeure",
                                  "@user exemple tout bête"])
def test_denied_slurs_and_false_insults_are_not_attacks(text):
    assert not any(target.attack for target in targets_of(text, "en" if text.startswith("I ") else "fr").values())


def test_verlan_names_are_names_not_slurs():
    """"renoi", "rebeu", "beur" are verlan for Noir, Arabe (like "meuf" for femme): a mention is not
    an attack by itself; what is said of the group is."""
    assert not targets_of("les renois et leurs flow c'est tellement une douceur")["Black people"].attack
    assert not targets_of("c quoi ton type de mec — les rebeus")["Arabs"].attack
    assert targets_of("les rebeus sont des parasites")["Arabs"].attack


def test_a_negative_generalisations_evidence_names_its_negative_words():
    found = targets_of("les musulmans nous envahissent, c'est une honte")
    assert found["Muslims"].evidence == ["negative generalisation", "honte"]
    english = targets_of("Immigrants are ruining this country, disgusting", "en")
    assert english["immigrants and refugees"].evidence == ["negative generalisation", "ruining", "disgusting"]


def test_a_text_s_target_sentiment_does_not_depend_on_the_texts_beside_it():
    # Before: one respelled text in a batch made every text beside it ignore the given sentence
    # scores and score its clauses again (a comment's sentiment changed with its batch, and accurate
    # mode embedded every clause a second time).
    plain, respelled = "Macron est nul. Vive la France !", "M a c r o n est un p0rc."
    segments = [(0, 15, -0.5), (16, 32, 0.6)]
    [alone] = analyse_targets([plain], "fr", segments=[segments])
    [beside, _] = analyse_targets([plain, respelled], "fr", segments=[segments, [(0, 24, -0.4)]])
    assert [(t.name, t.sentiment) for t in beside] == [(t.name, t.sentiment) for t in alone]
    assert {t.name: t.sentiment for t in alone}["Emmanuel Macron"] == -0.5  # the given sentence's score
