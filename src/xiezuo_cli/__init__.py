"""xiezuo — the ledger tool of an East–West cooperation office."""

__version__ = "0.1.0"
