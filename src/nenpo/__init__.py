"""nenpo (年報): a year's records of sessions and visits → a Japanese annual report in DOCX and PDF."""

from nenpo.errors import Location, NenpoError, Problem

__all__ = ["Location", "NenpoError", "Problem"]
