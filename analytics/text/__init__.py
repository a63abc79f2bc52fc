"""Text for models: normalisation, language, tokens, lemmas and sentences."""
