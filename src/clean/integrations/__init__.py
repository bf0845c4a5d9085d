"""Adapters that plug `clean` into other tools; each imports its tool only when used."""
