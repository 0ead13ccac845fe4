"""Record validation against a form, and the checks of the domain types."""

from collector.validation.validator import Problem, validate

__all__ = ["Problem", "validate"]
