"""The words and phrases the attack rules read (analytics/enrich/attacks.py): counter-speech,
disclaimers, reporting verbs, determiners and copulas, members' markers, plight and opposing
verbs. Folded (lower case, no accents), as the rules compare them."""
from __future__ import annotations

import re

from analytics.enrich.aliases import CONTEMPTUOUS_KINDS
from analytics.enrich.lexicon import phrase_key

ATTACKING_MENTIONS = {*CONTEMPTUOUS_KINDS, "name-calling"}  # mentions that are attacks: "le nain de Kiev", "ce connard"
COUNTER_SPEECH = {"raciste", "racisme", "racist", "racism", "homophobe", "homophobie", "sexiste", "sexisme",
                  "antisemite", "antisemitisme", "xenophobe", "xenophobie", "islamophobe", "islamophobie",
                  "inacceptable", "intolerable", "insulter", "insulte", "traiter", "traite", "traites",
                  "traitee", "traitees", "traitent", "traitait", "traitaient",
                  "stigmatiser", "stigmatise", "haineux", "haine", "hateful", "bigoted", "unacceptable",
                  "denonce", "denoncer", "condamne", "condamner", "etiquete", "etiquetes", "etiqueter", "labelled",
                  "labeled", "amalgame", "amalgames", "amalgamer", "confond", "confondez", "confondent",
                  "conflate", "conflating"}  # "vous confondez islam radical et terrorisme": against a conflation
RACISM_FAMILY = ("racis", "homophob", "sexis", "antisemit", "xenophob", "islamophob", "amalgam", "racist")
COMPLAINING = ("plaign", "plaindre", "plaint", "crie", "crier", "pleur", "victimis", "complain", "cry", "crying")
OBJECT_DETERMINERS = {"les", "ces", "des", "the"}  # a lexicon phrase ending so names its object next
WORD_NOUNS = {"terme", "termes", "mot", "mots", "qualificatif", "expression", "vocable", "word", "words", "term",
              "terms"}  # "ce terme de gauchiste": the word talked about
LABELLING = {"traiter", "traite", "traites", "traitee", "traitent", "appeler", "appelle", "appellent", "qualifier",
             "qualifie", "etiquete", "etiquetes", "etiqueter", "called", "calling", "call", "labelled", "labeled"}
DISTANCING = {"fantasme", "fantasmes", "fantasmee", "fantasmatique", "mythe", "theorie", "complot", "complotiste",
              "complotistes", "conspirationniste", "pretendu", "pretendue", "soi-disant", "imaginaire", "myth",
              "theory", "conspiracy", "alleged", "so-called"}  # a conspiracy framing disowned
STEREOTYPES = {phrase: phrase_key(phrase) for phrase in (  # turns that pin a behaviour on a whole group
    "pour changer", "c'est ça les", "c ça les", "tous pareils", "tous les mêmes", "toutes les mêmes", "all the same")}
GENERALISED = {phrase: (phrase_key(phrase), quantifiers) for phrase, quantifiers in (  # with a quantifier only:
    ("font ça", ("tous", "toutes", "tt")), ("fait ça", ("tous", "toutes", "tt")), ("do that", ("all",)))}
# "tous les arabes font ça", not "les musulmans font ça pendant le ramadan"
FRAMED = re.compile(r" (?:c' est|c|cest|ce sont) les \S+ ca ")  # "c'est les rebeus ça": the group framed
INSULTS = {"insult", "name-calling"}
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
REPORTING = {"dit", "dire", "entendre", "entendu", "lire", "lu", "ecrit", "crie", "said", "heard", "read", "wrote",
             "written", "shouted"}  # verbs that report words: "il a dit sale arabe"
PARTICIPLES = {"dit", "entendu", "lu", "ecrit", "crie"}  # reporting only after an auxiliary: "ce qu'il dit attardé"
AUXILIARIES = {"a", "ai", "as", "ont", "avait", "avoir", "cru", "avez", "avons", "avec"}  # "avec écrit « … »"
HURLING = {"sale", "sales", "espece", "gros", "grosse", "pauvre", "dirty", "fucking"}  # "sale raciste": an insult
INSULT_OPENERS = {"un", "une", "espece", "quel", "quelle", "sale", "gros", "grosse", "pauvre", "vrai", "vraie",
                  "a", "an", "you", "fucking"}
ATTRIBUTION_REACH = 120  # characters: a hostile word outside any target's clause goes to the nearest one this close
ARTICLES = {"un", "une", "des", "de", "d'", "a", "an"}
DENIALS = {"pas", "jamais", "ni", "not", "never", "nor", "isnt", "arent", "aint"}
COPULAS = {"etre", "etant", "suis", "es", "est", "sommes", "etes", "sont", "etais", "etait", "devenu", "devenue",
           "reste", "restes", "am", "is", "are", "was", "being"}  # "en étant gauchiste": said of someone
FIRST_PERSON_COPULAS = {"suis", "etant", "sommes", "am"}
KIN = {"ami", "amie", "amis", "pote", "potes", "copain", "copine", "cousin", "cousine", "frere", "soeur", "pere",
       "mere", "collegue", "friend", "friends", "brother", "sister", "colleague"}  # "mon ami gauchiste"
PERSON = {"femme", "homme", "mec", "gars", "type", "fille", "garcon", "enfant", "gamin", "gamine", "jeune", "dame",
          "monsieur", "madame", "voisin", "voisine", "etudiant", "etudiante", "eleve", "bebe", "ado", "famille",
          "woman", "man", "guy", "girl", "boy", "child", "kid", "family"}  # "une femme juive": one person
DEFINITE_SINGULAR = {"le", "la", "l'"}
DETERMINERS = {*DEFINITE_SINGULAR, "les", "des", "un", "une", "the", "a", "an"}
CONJUNCTIONS = {"et", "mais", "donc", "car", "alors", "or", "puis", "bref", "and", "but", "so"}
GENERIC_SINGULAR = {"tout", "toute", "chaque", "every", "each", "any"}
NOMINAL = {"le", "la", "l'", "un", "une", "ce", "cet", "cette", "de", "du", "d'", "des", "en", "au", "a", "an", "the",
           "bon", "bonne", "vrai", "vraie", "gros", "grosse", "petit", "petite", "jeune", "vieux", "vieille", "pauvre",
           "malheureux", "malheureuse", "sale", "brave", "seul", "seule", "premier", "premiere", "autre", "cher",
           "chere", "this", "that", "old", "young", "poor", "good", "fat", "dirty"}
POSSESSIVE = {"sa", "son", "ses", "ma", "mon", "mes", "ta", "ton", "tes", "notre", "votre", "leur", "his", "her",
              "my", "your", "their", "our"}
COUNTS = {"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix", "cent", "mille", "plusieurs", "quelques",
          "two", "three", "four", "five", "several", "some"}
NUMBERED = re.compile(r"\d\s*$")  # "4 renois": a count in figures (figures are not words)
AGED = re.compile(r"\s*(?:de|d'|of|aged)\s*\d", re.IGNORECASE)  # "des migrants de 9 ans"
PATIENT = {"envers", "contre", "pour", "avec", "aux", "defendre", "aider", "accueillir", "sauver", "victimes",
           "pauvres", "pro", "against", "for", "with", "help", "welcome", "poor", "towards"}
PREDICATE = {"est", "sont"}  # "la principale source du terrorisme c'est l'islam": said before the group
PASSIVE = {"ete", "been"}  # "la femme a été tuée": what happened to the group, not said of it
OPPOSING = ("interdi", "condamn", "combat", "rejet", "refus", "denonc", "lutt", "prohib", "forbid", "condemn",
            "reject", "fight", "oppos")  # word beginnings: "interdit le terrorisme", "lutte contre la violence"
OPPOSED_REACH = 4  # words: "interdit formellement le terrorisme"
PLIGHT = ("souffr", "faim", "victim", "noye", "noyade", "naufrag", "esclav", "persecut", "discrimin", "deplor",
          "insuffisan", "manquent", "detresse", "drame", "tragedi", "meurent", "meurt", "mourir", "abandonn",
          "subi", "suffer", "starv", "drown", "slaver", "plight", "dying", "oppress", "opprim")  # word beginnings
