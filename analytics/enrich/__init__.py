"""One module per analysis: sentiment, and the lexicons and models it reads."""
