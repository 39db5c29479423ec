"""Rules models from what users and records pass: a board name, a dict of fields, a model or None.

Games with a few named boards (a rules model with different field values) share this one reader,
so every one of them refuses a wrong value the same way: one line naming the field and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..validation import field_errors

R = TypeVar("R", bound=BaseModel)


class RulesError(ValueError):
    """Rules that cannot be played; the message names the field and why."""


def rules_from(model: type[R], boards: Mapping[str, Mapping[str, Any]], rules: R | Mapping[str, Any] | str | None,
               default: str = "standard") -> R:
    """``model`` rules from None (the ``default`` board), a board name of ``boards`` (name ->
    fields), a dict of fields (a record header's rules), or a model (as is)."""
    title = model.__name__.removesuffix("Rules")
    if rules is None:
        rules = default
    if isinstance(rules, model):
        return rules
    if isinstance(rules, str):
        if rules not in boards:
            raise RulesError(f"unknown {title} board {rules!r}; boards: {', '.join(boards)}")
        return model.model_validate({"name": rules, **boards[rules]})
    if not isinstance(rules, Mapping):
        raise RulesError(f"rules must be {model.__name__}, a dict of fields, a board name or None, "
                         f"not {type(rules).__name__}")
    try:
        return model.model_validate(dict(rules))
    except ValidationError as e:
        raise RulesError(f"{title} rules: {field_errors(e)}") from None
