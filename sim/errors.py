"""The one error type for bad input, with a message that names the key, value and rule."""

from __future__ import annotations

__all__ = ["ConfigError"]


class ConfigError(ValueError):
    """A configuration value is unknown, missing or out of its allowed range.

    The message always has the form ``<key>=<value>: <rule>`` so a user can find
    the offending line at once. ``key`` is a dotted path such as
    ``village.idle_fraction``; prefixes are added as the error travels up
    through nested configuration sections.
    """

    def __init__(self, key: str, value: object, rule: str) -> None:
        self.key = key
        self.value = value
        self.rule = rule
        super().__init__(self._format())

    def _format(self) -> str:
        shown = repr(self.value) if isinstance(self.value, str) else self.value
        if self.value is _MISSING:
            return f"{self.key}: {self.rule}"
        return f"{self.key}={shown}: {self.rule}"

    def with_prefix(self, prefix: str) -> ConfigError:
        """Return the same error with ``prefix.`` put before its key."""
        key = f"{prefix}.{self.key}" if self.key else prefix
        return ConfigError(key, self.value, self.rule)

    @classmethod
    def missing(cls, key: str, rule: str = "is required") -> ConfigError:
        """An error for a key that must be present but is not."""
        return cls(key, _MISSING, rule)

    @classmethod
    def about(cls, key: str, rule: str) -> ConfigError:
        """An error about ``key`` as a whole (e.g. a YAML file), shown as ``<key>: <rule>``."""
        return cls(key, _MISSING, rule)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
