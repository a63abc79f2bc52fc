"""Palabre: discourse analytics for news articles and their comment threads."""

__version__ = "0.8.0"
