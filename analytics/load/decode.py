"""Bytes to text, before any parsing: binary files refused (a known magic number, NUL bytes), the
encoding detected (byte order mark, the NUL-byte pattern of UTF-16/32 without one, the XML
declaration, then UTF-8, cp1252, latin-1), newlines normalised."""
from __future__ import annotations

import codecs
import re

from analytics.errors import InputError

# The first bytes of files that are not text, and what they are.
_ARCHIVE = ": extract it first"
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (as .xlsx, .docx and .odt files are): extract it, or export the sheet as CSV"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive" + _ARCHIVE),
    (b"BZh", "a bzip2 archive" + _ARCHIVE),
    (b"\xfd7zXZ\x00", "an xz archive" + _ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive" + _ARCHIVE),
    (b"Rar!\x1a\x07", "a RAR archive" + _ARCHIVE),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive" + _ARCHIVE),
    (b"\x7fELF", "an ELF executable (a program), not text"),
    (b"%PDF-", "a PDF document: copy its text into a .txt file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls): export it as CSV or text"),
    (b"SQLite format 3\x00", "an SQLite database: export its comments as CSV"),
)
# Bytes that cp1252 leaves undefined: a file holding one is latin-1 (or something else), not cp1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_SAMPLE = 4096
# C0 controls that text never holds; a sample made of more than 10% of them is not text.
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f]")


def decode_bytes(data: bytes, source: str = "the input") -> tuple[str, str]:
    """Decode file bytes, returning (text with '\\n' newlines, encoding name used).

    Raises InputError naming `source` for a binary file or bytes that are not the text they
    announce (a byte order mark, an XML declaration, UTF-16 cut short).
    """
    refuse_binary(data, source)
    encoding, start, why = _detect(data, source)
    if encoding is None:
        text, encoding = _fallback(data)
    else:
        try:
            # UTF-8 announced by a BOM or a declaration: a stray bad byte becomes U+FFFD, the rest is kept
            lenient = encoding in ("utf-8-sig", "utf-8")
            text = data[start:].decode(encoding, errors="replace" if lenient else "strict")
        except UnicodeDecodeError as error:
            raise InputError(source, f"byte {start + error.start}", f"{encoding} text ({why})",
                             _undecodable(data, start, error)) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + text.count("\r", 0, nul) - text.count("\r\n", 0, nul) + 1
        raise InputError(source, f"line {line}", "text", "a NUL character: a binary file, not text")
    sample = text[:_SAMPLE]
    if len(sample) >= 64 and len(_CONTROLS.findall(sample)) > len(sample) // 10:
        raise InputError(source, None, "text", "mostly control characters: a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def refuse_binary(data: bytes, source: str) -> None:
    """Raise InputError when the bytes start with the magic number of a known binary format."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, None, "a text file (pasted page, CSV, TSV, JSON, JSONL, XML, HTML) "
                             "or a Parquet file", what)


def _detect(data: bytes, source: str) -> tuple[str | None, int, str]:
    """(codec, bytes to skip, why) from a BOM, a NUL pattern or an XML declaration; None: guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            mark = bom.hex(" ").upper()
            if encoding.startswith("utf-16") and len(data) > len(bom) and b"\x00" not in data:
                # UTF-16 holds a NUL byte in every ASCII character (newline, space, digit, comma)
                raise InputError(source, None, f"UTF-16 text, as its first bytes {mark} (a byte order mark) "
                                 "announce", "bytes without a single NUL, which UTF-16 text always has")
            return encoding, len(bom), f"as its byte order mark {mark} says"
    patterned = _nul_pattern(data[:_SAMPLE])
    if patterned:
        return patterned, 0, "as the NUL bytes between its characters show"
    declared = _XML_ENCODING.match(data[:200])
    if declared:
        name = declared[1].decode("ascii")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            raise InputError(source, "line 1", "an encoding Python knows in the XML declaration",
                             repr(name)) from None
        if not codec.startswith(("utf-16", "utf-32")):  # the bytes hold no NUL: the declaration is wrong
            return codec, 0, f"as its XML declaration says ({name})"
    return None, 0, ""


def _nul_pattern(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, told by where the NUL bytes fall (ASCII and Latin letters
    have NUL high bytes); None when the sample has no such pattern."""
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4
    if quads >= 2:
        nuls = [sample[offset::4][:quads].count(0) for offset in range(4)]
        if nuls[2] == nuls[3] == quads and nuls[0] < quads:
            return "utf-32-le"
        if nuls[0] == nuls[1] == quads and nuls[3] < quads:
            return "utf-32-be"
    pairs = len(sample) // 2
    even, odd = sample[0::2][:pairs].count(0), sample[1::2][:pairs].count(0)
    if odd >= pairs * 0.1 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.1 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _fallback(data: bytes) -> tuple[str, str]:
    """UTF-8, else cp1252 when it defines every byte, else latin-1 (which decodes anything)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if _CP1252_UNDEFINED.isdisjoint(data):
            return data.decode("cp1252"), "cp1252"
        return data.decode("latin-1"), "latin-1"


def _undecodable(data: bytes, start: int, error: UnicodeDecodeError) -> str:
    if error.reason == "truncated data":
        return f"{len(data)} bytes, ending in the middle of a character: the file is cut short"
    bad = data[start + error.start:start + error.end][:8].hex(" ").upper()
    return f"bytes {bad}, which are not {error.encoding} ({error.reason})"
