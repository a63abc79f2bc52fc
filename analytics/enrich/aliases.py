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

from analytics.enrich.lexicon import fold, tokenize
from analytics.errors import InputError

DEFAULT_ALIASES = Path(__file__).resolve().parents[2] / "data" / "targets" / "aliases.csv"
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


def append_alias(path: Path, canonical: str, kind_type: str, alias: str, kind: str) -> None:
    """Add one row to an alias table, atomically (the old file stays whole if writing fails)."""
    import io

    existing = path.read_text(encoding="utf-8") if path.exists() else ",".join(FIELDS) + "\n"
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([canonical, kind_type, alias, "", kind, ""])
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(existing + ("" if existing.endswith("\n") else "\n") + line.getvalue(), encoding="utf-8")
    read_aliases(partial)  # never leave a table that no longer reads
    partial.replace(path)


STORE_TABLE = "aliases.csv"
PREVIOUS_TABLE = "aliases.previous.csv"


def store_table(store_dir: str | Path) -> Path:
    """The alias table analyses of a store use: the store's own edited copy (written by the
    dashboard) when there is one, else the shipped default."""
    own = Path(store_dir) / STORE_TABLE
    return own if own.exists() else DEFAULT_ALIASES


def _header_notes() -> str:
    lines = DEFAULT_ALIASES.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines[1:] if line.startswith("#"))


def write_table(store_dir: str | Path, aliases: list[Alias]) -> Path:
    """Save an edited table as the store's own, atomically, keeping the one it replaces as
    aliases.previous.csv (undo). The table is checked before anything is replaced."""
    import io

    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    text = buffer.getvalue() + _header_notes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for alias in aliases:
        writer.writerow([alias.canonical, alias.type, alias.alias, alias.lang, alias.kind, alias.place])
    target = store_dir / STORE_TABLE
    partial = target.with_suffix(".csv.partial")
    partial.write_text(text + buffer.getvalue(), encoding="utf-8")
    try:
        read_aliases(partial)
    except InputError:
        partial.unlink()
        raise
    current = store_table(store_dir)
    (store_dir / PREVIOUS_TABLE).write_text(current.read_text(encoding="utf-8"), encoding="utf-8")
    partial.replace(target)
    return target


def undo_table(store_dir: str | Path) -> bool:
    """Put back the table the last save replaced; False when there is nothing to undo."""
    previous = Path(store_dir) / PREVIOUS_TABLE
    if not previous.exists():
        return False
    previous.replace(Path(store_dir) / STORE_TABLE)
    return True


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
