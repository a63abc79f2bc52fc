"""What every fast-mode batch needs, loaded once before worker processes start.

batches.Workers starts its workers from a fork server that imports this module first: importing it
analyses a French and an English article and a reply through the same code as any batch
(batch_rows.job_tables), which loads the tokenizers, lemma tables, lexicons, speller, attack scorer,
sentiment and stance models; then it builds the speller's whole index. Each worker is then forked
with all of that in memory, shared copy-on-write, instead of loading it again (a second to three
per worker, on the cores the analysis needs). A failure here costs nothing but that time: workers
load what they need as before.
"""
from __future__ import annotations

from analytics.modes import Mode

ARTICLES = (("Les élus de Bruxelles", "Les eurocrates nous méprisent, dit-il. Macron n'y peut rien."),
            ("The people in charge", "Boris Johnson is a clown, they say, and the EU is no better."))
REPLY = "Non, c'est faux : ils font ce qu'ils peuvent."


def warm(mode: Mode = Mode.FAST) -> bool:
    """Analyse a few texts once, so that everything a batch loads is loaded; True when it worked."""
    from analytics.enrich.targets.aliases import AliasIndex, read_aliases
    from analytics.pipeline.batch_rows import Job, RunContext, Targets, job_tables
    from analytics.store.reads import Item
    from analytics.text import language

    context = RunContext("fr", mode, 0, Targets(AliasIndex(read_aliases()), 0))
    articles = [Item(f"warm-{number}", "", None, f"{title}\n\n{body}", body, 0, None)
                for number, (title, body) in enumerate(ARTICLES)]
    langs = [language.decide(language.identify(item.text)) for item in articles]
    computed = job_tables(Job("article", articles, langs, None), context, {})
    reply = Item("warm-0", "reply", None, REPLY, None, 1, ARTICLES[0][1])
    replied = job_tables(Job("comment", [reply], None, {("warm-0", ""): "fr"}), context,
                         {"warm-0": articles[0].text})
    from analytics.enrich.targets.known_words import default_speller

    default_speller().index_all()  # every worker corrects spelling: the index built once, here, for all
    return not computed.failures and not replied.failures


try:
    WARM = warm()
except Exception:  # never stop the fork server: the workers would load what they need themselves
    WARM = False
