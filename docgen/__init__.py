"""docgen: document automation for municipal sister-city programs."""

__version__ = "0.1.0"
