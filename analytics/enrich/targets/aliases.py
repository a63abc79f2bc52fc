"""The alias table: every way of writing a target, resolved to one canonical target.

A plain CSV a researcher reads and edits (`data/targets/aliases.csv` by default): canonical, type,
alias, lang, kind, place. Matching ignores case and accents, except that abbreviations must be
written in capitals (so "un" is never the UN) and capitalised nicknames must start with a capital
(so "donald" the duck, "jupiter" the planet are not matched).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import InputError
from analytics.paths import DATA_DIR
from analytics.text.words import fold, tokenize

DEFAULT_ALIASES = DATA_DIR / "targets" / "aliases.csv"
KINDS = ("name", "surname", "nickname", "epithet", "metonym", "demonym", "group", "slur", "trope", "abbreviation")
TYPES = ("person", "organisation", "institution", "government", "country", "group", "place")
CONTEMPTUOUS_KINDS = ("epithet", "slur", "trope")
FIELDS = ("canonical", "type", "alias", "lang", "kind", "place")
SINGULAR_KINDS = ("group", "demonym", "slur")
NO_SINGULAR = {"noirs", "retards", "brides", "gogols"}  # "noir" the colour, "sans retard" a delay, "la bride" a
# bridle, "Gogol" the writer


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing a target."""

    canonical: str
    type: str
    alias: str
    lang: str = ""
    kind: str = "name"
    place: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(fold(surface) for _, surface in tokenize(self.alias))

    def accepts(self, surface: str) -> bool:
        """Case rules: abbreviations in capitals; capitalised nicknames with a capital."""
        if self.kind == "abbreviation":
            return surface.isupper()
        if self.kind == "nickname" and self.alias[:1].isupper():
            return surface[:1].isupper()
        return True


def read_aliases(path: Path = DEFAULT_ALIASES) -> list[Alias]:
    """Every row of an alias CSV; a bad row names its line and what was expected."""
    aliases = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(str(path), None, "an alias table (CSV)", f"cannot read it ({error.strerror})") from None
    with handle:
        numbered = ((number, line) for number, line in enumerate(handle, start=1) if not line.startswith("#"))
        numbers = []
        lines = []
        for number, line in numbered:
            numbers.append(number)
            lines.append(line)
        reader = csv.DictReader(lines)
        missing = [field for field in FIELDS[:3] if field not in (reader.fieldnames or [])]
        if missing:
            raise InputError(str(path), "line 1", f"a header with {', '.join(FIELDS)}", f"missing {', '.join(missing)}")
        for number, row in zip(numbers[1:], reader):
            alias = Alias(*(str(row.get(field) or "").strip() for field in FIELDS))
            if not alias.canonical or not alias.alias or not alias.key:
                raise InputError(str(path), f"line {number}", "a canonical name and an alias", repr(row))
            if alias.type not in TYPES:
                raise InputError(str(path), f"line {number}", f"type one of {', '.join(TYPES)}", repr(alias.type))
            if alias.kind not in KINDS:
                raise InputError(str(path), f"line {number}", f"kind one of {', '.join(KINDS)}", repr(alias.kind))
            aliases.append(alias)
    return aliases


def format_table(aliases: list[Alias]) -> str:
    """An alias table as CSV text: the header, the shipped table's comment lines, one row per alias."""
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    header = buffer.getvalue() + _header_notes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for alias in aliases:
        writer.writerow([alias.canonical, alias.type, alias.alias, alias.lang, alias.kind, alias.place])
    return header + buffer.getvalue()


def alias_row(canonical: str, kind_type: str, alias: str, kind: str) -> str:
    """One alias table row as a CSV line."""
    import io

    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([canonical, kind_type, alias, "", kind, ""])
    return line.getvalue()


def _header_notes() -> str:
    lines = DEFAULT_ALIASES.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines[1:] if line.startswith("#"))


FEMININE_ENDINGS = (("iens", "ienne"), ("els", "elle"), ("ifs", "ive"), ("ais", "aise"), ("ois", "oise"),
                    ("ains", "aine"), ("ins", "ine"), ("ans", "ane"), ("ands", "ande"), ("ants", "ante"))
NO_FEMININE = {"clandestins", "trans"}  # "une activité clandestine" is secret, not an immigrant


def _feminine(alias: Alias) -> str | None:
    """The feminine singular of a French group's or people's plural name, folded ("juifs" → "juive",
    "Algériens" → "algerienne", "immigrés" → "immigree"); None for other aliases, names that are
    already both ("Arabes"), endings without a regular feminine ("Turcs") and NO_FEMININE."""
    key = alias.key
    if alias.kind not in ("group", "demonym") or alias.lang not in ("fr", "") or len(key) != 1 \
            or len(key[0]) <= 4 or key[0] in NO_SINGULAR | NO_FEMININE:
        return None
    word = key[0]
    if alias.alias.lower().endswith("és"):
        return word[:-1] + "e"  # "immigrés": "immigree"
    return next((word[:-len(ending)] + feminine for ending, feminine in FEMININE_ENDINGS if word.endswith(ending)),
                None)


class AliasIndex:
    """Aliases by their folded token sequence, for longest-match lookup in text."""

    def __init__(self, aliases: list[Alias]) -> None:
        self.by_key: dict[tuple[str, ...], list[Alias]] = {}
        for alias in aliases:
            self.by_key.setdefault(alias.key, []).append(alias)
        for alias in aliases:  # "musulmans" also matches "musulman", "Arabes" "arabe"
            key = alias.key
            if alias.kind in SINGULAR_KINDS and len(key) == 1 and key[0].endswith("s") and len(key[0]) > 4 \
                    and key[0] not in NO_SINGULAR and (key[0][:-1],) not in self.by_key:
                self.by_key.setdefault((key[0][:-1],), []).append(alias)
        for alias in aliases:  # "juifs" also matches "juive(s)", "Ukrainiens" "ukrainienne(s)"
            feminine = _feminine(alias)
            if feminine and (feminine,) not in self.by_key:
                for form in (feminine, feminine + "s"):
                    self.by_key.setdefault((form,), []).append(alias)
        self.longest = max((len(key) for key in self.by_key), default=1)
        self.starts = {key[0] for key in self.by_key if key}  # most tokens start no alias: one lookup
        self.words = {word for key in self.by_key for word in key}
        self.canonical_type = {alias.canonical: alias.type for alias in aliases}

    def match(self, folded: list[str], surfaces: list[str], index: int) -> tuple[Alias | None, int]:
        """The longest alias starting at token index, as (alias, tokens spanned)."""
        if folded[index] not in self.starts:
            return None, 1
        for span in range(min(self.longest, len(folded) - index), 0, -1):
            for alias in self.by_key.get(tuple(folded[index:index + span]), []):
                if alias.accepts(surfaces[index]):
                    return alias, span
        return None, 1
