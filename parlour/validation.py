"""One line naming every field a rules model refused, for the errors users see."""

from __future__ import annotations

from pydantic import ValidationError


def field_errors(err: ValidationError) -> str:
    """``field 'ante': Input should be greater than or equal to 1 (got 0); ...``: each refused
    field, why, and what was given ("unknown option" for a field the model does not have)."""
    parts = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(rules)"
        msg = "unknown option" if e["type"] == "extra_forbidden" else e["msg"].removeprefix("Value error, ")
        parts.append(f"field {field!r}: {msg} (got {e.get('input')!r})")
    return "; ".join(parts)
