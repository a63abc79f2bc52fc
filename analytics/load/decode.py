"""Bytes to text: encoding detection (UTF-8 with or without BOM, cp1252, latin-1) and newlines."""
from __future__ import annotations

import codecs

# Bytes that cp1252 leaves undefined: a file holding one is latin-1 (or something else), not cp1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes, returning (text with '\\n' newlines, encoding name used)."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _CP1252_UNDEFINED.isdisjoint(data):
                text, encoding = data.decode("cp1252"), "cp1252"
            else:
                text, encoding = data.decode("latin-1"), "latin-1"
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
