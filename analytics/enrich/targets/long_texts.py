"""Very long texts read in pieces. The target rules compare every hostile clause with the mentions
around it, so their cost grows with the square of a text's length: a book pasted as one comment
(1.2M characters) took minutes where its pieces take seconds. A text longer than PIECE_CHARS is
cut at paragraph, line, sentence or word boundaries (text/tokens.pieces), each piece is read as a
text of its own, and each target's pieces are joined with their offsets into the whole text."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from analytics.enrich.targets.mentions import Target
from analytics.text.tokens import pieces

PIECE_CHARS = 50_000  # a text up to this length is read whole (0.35 s in fast mode; 100,000: 1.2 s)


def in_pieces(analyse: Callable[..., list[list[Target]]], texts: Sequence[str], langs: Sequence[str],
              contexts: Sequence[str], mode: str, index,
              segments: Sequence[Sequence[tuple[int, int, float]]] | None) -> list[list[Target]]:
    """analyse (model.analyse_targets) over every text's pieces, joined back per text."""
    owners: list[tuple[int, int]] = []  # (text number, offset) of each piece
    piece_texts, piece_langs, piece_contexts, piece_segments = [], [], [], []
    for number, text in enumerate(texts):
        for start, end in pieces(text, PIECE_CHARS):
            owners.append((number, start))
            piece_texts.append(text[start:end])
            piece_langs.append(langs[number])
            piece_contexts.append(contexts[number])
            if segments is not None:
                piece_segments.append([(first - start, last - start, score) for first, last, score in segments[number]
                                       if start <= first < end])
    found = analyse(piece_texts, piece_langs, piece_contexts, mode, index,
                    piece_segments if segments is not None else None)
    joined: list[dict[str, Target]] = [{} for _ in texts]
    weights: list[dict[str, int]] = [{} for _ in texts]
    for (number, offset), piece_targets in zip(owners, found):
        for target in piece_targets:
            _join(joined[number], weights[number], _shifted(target, offset))
    return [list(targets.values()) for targets in joined]


def _shifted(target: Target, offset: int) -> Target:
    """A piece's target with its offsets into the whole text."""
    return replace(target, mentions=[replace(m, start=m.start + offset, end=m.end + offset) for m in target.mentions],
                   evidence_spans=[(start + offset, end + offset) for start, end in target.evidence_spans])


def _join(targets: dict[str, Target], weights: dict[str, int], piece: Target) -> None:
    """Add one piece's target to the text's: mentions and evidence together, sentiment the mean of
    the pieces' weighted by their mentions, attacked if any piece is, kind and score of the most
    hostile piece."""
    known = targets.get(piece.name)
    if known is None:
        targets[piece.name], weights[piece.name] = piece, len(piece.mentions)
        return
    before, added = weights[piece.name], len(piece.mentions)
    if before + added:
        known.sentiment = round((known.sentiment * before + piece.sentiment * added) / (before + added), 4)
    weights[piece.name] = before + added
    known.mentions += piece.mentions
    known.evidence += [line for line in piece.evidence if line not in known.evidence]
    known.evidence_spans += piece.evidence_spans
    if piece.attack and (not known.attack or piece.attack_score > known.attack_score):
        known.attack_kind = piece.attack_kind
    known.attack = known.attack or piece.attack
    known.attack_score = max(known.attack_score, piece.attack_score)
