"""Text from the corpus, the store or a link, shown exactly as written: Streamlit reads Markdown
(links, emphasis, math) in titles, captions, messages and expander labels, so every such string
that Palabre did not write itself goes through `markdown_text` (or `as_text` inside HTML)."""
from __future__ import annotations

import re

MARKDOWN_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>&])")
# HTML's signs, and those Markdown, math and emoji shortcodes read inside a line, as character references
HTML_SIGNS = str.maketrans({sign: f"&#{ord(sign)};" for sign in "<>&\"'\\`*_[]$:~"})


def markdown_text(text: str) -> str:
    """Text for a Streamlit title, caption or message, shown as written: its Markdown signs escaped."""
    return MARKDOWN_ESCAPE.sub(r"\\\1", text)


def as_text(text: str) -> str:
    """Text as HTML (for st.markdown) that shows every character as written, line breaks kept."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(HTML_SIGNS).replace("\n", "<br>")
