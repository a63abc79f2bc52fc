"""The compiled-pattern cache (text/regex_cache.py) gives exactly the Pattern `re` would compile,
stores nothing for short patterns, and survives a damaged cache file."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from analytics.text.regex_cache import MIN_LENGTH, compiled_once

ROOT = Path(__file__).resolve().parent.parent
LONG = "(?iu)" + "|".join(f"(?:^{word}[-‐][a-zàâçéèêëîïôûùüÿñæœ]+$)" for word in
                          ("hip", "jet", "zig", "fac", "new", "rock", "rond", "yo", "burn", "lock") * 6)
SAMPLES = ["hip-hop", "Jet-set", "zig-ZAG", "new-york", "rond-point", "hiphop", "yo-", "burn-outé"]


def _fresh(pattern: str, flags: int = 0) -> re.Pattern:
    re.purge()  # re's in-process cache would hide the compiler
    return re.compile(pattern, flags)


def test_a_cached_pattern_matches_as_compiled_and_is_read_back_from_the_file(tmp_path):
    assert len(LONG) >= MIN_LENGTH
    expected = [bool(_fresh(LONG).match(sample)) for sample in SAMPLES]
    path = tmp_path / "regex.json"
    with compiled_once(path):
        first = _fresh(LONG)
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert len(entries) == 1  # the long pattern only
    with compiled_once(path):
        again = _fresh(LONG)
    for pattern in (first, again):
        assert pattern.pattern == LONG and pattern.flags == re.compile(LONG).flags
        assert [bool(pattern.match(sample)) for sample in SAMPLES] == expected == [
            True, True, True, True, True, False, False, True]
    named = "(?P<head>" + LONG[5:] + ")"
    with compiled_once(path):
        assert _fresh(named, re.I).match("Hip-hop").group("head") == "Hip-hop"


def test_short_patterns_and_a_damaged_cache_compile_as_usual(tmp_path):
    path = tmp_path / "regex.json"
    path.write_text("{not json", encoding="utf-8")
    with compiled_once(path):
        assert _fresh(r"\bqu'").search("qu'il") and not _fresh(r"\bqu'").search("lorsqu'il")
        assert _fresh(LONG).match("hip-hop")
    assert list(json.loads(path.read_text(encoding="utf-8"))) != []  # rewritten whole
    damaged = {key: {**entry, "code": [1, 2, 3]} for key, entry in json.loads(path.read_text()).items()}
    path.write_text(json.dumps(damaged), encoding="utf-8")
    with compiled_once(path):  # the engine refuses the code: compiled again, still right
        assert _fresh(LONG).match("zig-zag") and not _fresh(LONG).match("zigzag")
    assert re._compiler.compile.__module__ == "re._compiler"  # the patch is gone


def test_french_tokens_are_the_same_with_and_without_the_cache(tmp_path):
    """spaCy's French tokenizer, in fresh processes: cache written, then read; the tokens agree."""
    script = ("from analytics.text.tokens import analyse; "
              "print([t.text for t in next(analyse([\"Le hip-hop d'aujourd'hui, l'état-major à New-York "
              "et les prud'hommes : qu'en dit-on ?\"], 'fr', 'fast')).tokens])")
    environment = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
                           text=True, check=True).stdout for _ in range(2)]
    assert list((tmp_path / "palabre").glob("regex-*.json"))
    assert runs[0] == runs[1] and "'hip-hop'" in runs[0] and "'New-York'" in runs[0]
