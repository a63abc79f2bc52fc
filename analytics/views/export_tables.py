"""The tables `export --table` writes: one parameter-free SELECT each (views/reports.py runs them).

Apart from reports.py so that the command line can list them without importing pandas."""

EXPORT_TABLES = {
    "articles": """
        SELECT a.article_id, a.title, a.published_at, a.url, a.author, a.body,
               count(c.comment_id) AS comments, t.lang, t.sentiment_label, t.sentiment_score
        FROM articles a LEFT JOIN comments c USING (article_id)
        LEFT JOIN text_analysis t ON t.item_kind = 'article' AND t.article_id = a.article_id
        GROUP BY ALL ORDER BY a.published_at NULLS LAST, a.article_id""",
    "comments": """
        SELECT c.comment_id, c.article_id, c.parent_id, c.depth, c.author, c.posted_at, c.text,
               t.lang, t.sentiment_label, t.sentiment_score,
               s.toward AS stance_toward, s.label AS stance, s.p_agree, s.p_disagree, s.p_query, s.p_neutral,
               w.topic_id AS main_topic, w.weight AS main_topic_weight, w.topics AS topic_weights,
               d.drift AS topic_drift, k.camp_id AS camp,
               c.root_id, c.declared_parent_id, c.thread_flag, c.source_file, c.source_position, c.extra
        FROM comments c
        LEFT JOIN text_analysis t ON t.item_kind = 'comment' AND t.article_id = c.article_id
             AND t.comment_id = c.comment_id
        LEFT JOIN reply_stance s ON s.article_id = c.article_id AND s.comment_id = c.comment_id
        LEFT JOIN (SELECT article_id, comment_id, arg_max(topic_id, weight) AS topic_id, max(weight) AS weight,
                          to_json(map(list(topic_id ORDER BY topic_id), list(weight ORDER BY topic_id))) AS topics
                   FROM topic_weights GROUP BY ALL) w
             ON w.article_id = c.article_id AND w.comment_id = c.comment_id
        LEFT JOIN topic_drift d ON d.article_id = c.article_id AND d.comment_id = c.comment_id
        LEFT JOIN comment_camps k ON k.article_id = c.article_id AND k.comment_id = c.comment_id
        ORDER BY c.article_id, c.ordinal""",
    "sentences": """
        SELECT s.item_kind, s.article_id, s.comment_id, s.sentence_index, s.paragraph_index,
               s.start_char, s.end_char,
               substr(coalesce(c.text, a.body), s.start_char + 1, s.end_char - s.start_char) AS text,
               s.sentiment_label, s.sentiment_score
        FROM sentences s
        LEFT JOIN comments c ON s.item_kind = 'comment' AND c.article_id = s.article_id
             AND c.comment_id = s.comment_id
        LEFT JOIN articles a ON s.item_kind = 'article' AND a.article_id = s.article_id
        ORDER BY s.article_id, s.item_kind, s.comment_id, s.sentence_index""",
    "targets": """
        SELECT t.item_kind, t.article_id, t.comment_id, t.target, t.type, t.mention_count, t.mentions,
               t.sentiment, t.attack, t.attack_kind, t.attack_score, t.stance, t.evidence, t.evidence_spans,
               c.depth, c.author, c.posted_at, t.alias_table
        FROM targets t
        LEFT JOIN comments c ON t.item_kind = 'comment' AND c.article_id = t.article_id
             AND c.comment_id = t.comment_id
        ORDER BY t.article_id, t.item_kind, c.ordinal, t.target""",
    "topics": """
        WITH members AS (SELECT topic_id, to_json(list(leaf_id ORDER BY leaf_id)) AS members FROM topic_members
                         GROUP BY topic_id),
             fitted AS (SELECT count(*) AS topics FROM topics),
             first AS (SELECT any_value(method) AS method, any_value(settings) AS settings,
                              any_value(fitted_at) AS fitted_at FROM topics)
        SELECT t.topic_id, t.label, t.lang, m.members, fitted.topics AS appears_at, t.key_phrases, t.top_terms,
               t.weight, t.comments, t.coherence, t.typical, t.method, t.settings, t.fitted_at
        FROM topics t LEFT JOIN members m USING (topic_id), fitted
        UNION ALL
        SELECT g.topic_id, g.label, NULL, m.members, g.topics, NULL, g.top_terms, g.weight, g.comments, NULL, NULL,
               first.method, first.settings, first.fitted_at
        FROM topic_groups g LEFT JOIN members m USING (topic_id), first
        ORDER BY topic_id""",
    "camps": """
        SELECT camp_id, label, description, commenters, comments, profile, typical, criterion, fitted_at
        FROM camps ORDER BY camp_id""",
    "tokens": """
        SELECT item_kind, article_id, comment_id, sentence_index, token_index, start_char, token,
               lemma, pos, is_stop, is_alpha
        FROM tokens ORDER BY article_id, item_kind, comment_id, token_index""",
    "validation": """
        SELECT v.ingest_id, i.ingested_at, v.source_file, v.location, v.severity, v.kind,
               v.message, v.action
        FROM validation v LEFT JOIN ingests i USING (ingest_id) ORDER BY v.ingest_id, v.location""",
}
