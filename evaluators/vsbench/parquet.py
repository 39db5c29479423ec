"""VS-Bench's published prediction sets (parquet) to :class:`PredictionItem`, and back.

VS-Bench's files (``data/<game>.parquet``) have one row per item:

* ``prompt``: a struct of ``system``, ``observation``, ``action`` (the question) and
  ``image_path`` (the viewer's picture as a base64 PNG string), as VS-Bench's loader reads it;
* ``image``: the picture where a file carries it as its own column (PNG bytes, a Hugging Face
  image struct ``{"bytes", "path"}``, or base64 text);
* ``next_legal_actions``: a JSON object (text) of action id -> text;
* ``next_action``: a list of the correct action ids.

:func:`write_parquet` writes items in that layout, with parlour's provenance (game, seed,
decision, viewer, actor) in extra columns, which VS-Bench's reader ignores. pyarrow is an optional
dependency (``pip install 'parlour[parquet]'``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parlour.validation import field_errors

from .predict import PredictionItem

COLUMNS = ("prompt", "next_legal_actions", "next_action")
EXTRA = ("game", "seed", "step", "viewer", "actor")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ModuleNotFoundError:
        raise ModuleNotFoundError("VS-Bench parquet files need pyarrow: pip install 'parlour[parquet]'",
                                  name="pyarrow") from None
    return pyarrow


def _image(value: Any, where: str) -> bytes | None:
    if value is None or value == "":
        return None
    if isinstance(value, dict):  # a Hugging Face image struct
        return _image(value.get("bytes"), where)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value.removeprefix("data:image/png;base64,"), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{where}: the image is text but not base64") from None
    raise ValueError(f"{where}: an image must be bytes, base64 text or an image struct, not {type(value).__name__}")


def _legal(value: Any, where: str) -> dict[int, str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as e:
            raise ValueError(f"{where}: next_legal_actions is not JSON ({e.msg})") from None
    if isinstance(value, list):  # a parquet map column reads as (key, value) pairs
        value = dict(value)
    if not isinstance(value, dict):
        raise ValueError(f"{where}: next_legal_actions must be an object of id -> text, not {type(value).__name__}")
    try:
        return {int(k): str(v) for k, v in value.items()}
    except ValueError:
        raise ValueError(f"{where}: next_legal_actions has an id that is not a whole number: {sorted(value)}") from None


def _row_item(row: dict, game: str, where: str) -> PredictionItem:
    prompt = row["prompt"]
    if isinstance(prompt, str):
        prompt = {"observation": prompt}
    if not isinstance(prompt, dict):
        raise ValueError(f"{where}: prompt must be a struct (system, observation, action, image_path) or text")
    answers = row["next_action"]
    answers = [answers] if isinstance(answers, int) else list(answers if answers is not None else [])
    image = _image(row.get("image"), where) or _image(prompt.get("image_path"), where)
    fields = {k: row[k] for k in EXTRA if row.get(k) is not None}
    try:
        return PredictionItem(**{"game": game, **fields, "system": prompt.get("system") or "",
                                 "observation": prompt.get("observation") or "", "action": prompt.get("action") or "",
                                 "image": image, "next_legal_actions": _legal(row["next_legal_actions"], where),
                                 "next_action": [int(a) for a in answers]})
    except ValidationError as e:
        raise ValueError(f"{where}: {field_errors(e)}") from None


def read_parquet(path: str | Path, game: str | None = None) -> list[PredictionItem]:
    """The items of a VS-Bench parquet file; ``game`` labels them (default: a ``game`` column, else
    the file's stem, e.g. 'kuhn_poker'). A ValueError names the file, row and field that is wrong."""
    pa = _pyarrow()
    path = Path(path)
    try:
        table = pa.parquet.read_table(path)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except pa.ArrowInvalid as e:
        raise ValueError(f"{path}: not a parquet file ({e})") from None
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise ValueError(f"{path}: no column {', '.join(map(repr, missing))} (columns: {', '.join(table.column_names)})")
    items = []
    for i, row in enumerate(table.to_pylist()):
        label = game or row.get("game") or path.stem
        items.append(_row_item(row, label, f"{path} row {i}"))
    if not items:
        raise ValueError(f"{path}: no rows")
    return items


def write_parquet(items: Sequence[PredictionItem], path: str | Path) -> None:
    """``items`` in VS-Bench's layout (see the module docstring)."""
    pa = _pyarrow()
    rows = [{
        "prompt": {"system": it.system, "observation": it.observation, "action": it.action,
                   "image_path": base64.b64encode(it.image).decode("ascii") if it.image else None},
        "image": it.image,
        "next_legal_actions": json.dumps({str(k): v for k, v in it.next_legal_actions.items()}),
        "next_action": list(it.next_action),
        **{k: getattr(it, k) for k in EXTRA},
    } for it in items]
    schema = pa.schema([
        ("prompt", pa.struct([("system", pa.string()), ("observation", pa.string()), ("action", pa.string()),
                              ("image_path", pa.string())])),
        ("image", pa.binary()), ("next_legal_actions", pa.string()), ("next_action", pa.list_(pa.int64())),
        ("game", pa.string()), ("seed", pa.int64()), ("step", pa.int64()), ("viewer", pa.int64()), ("actor", pa.int64()),
    ])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pa.parquet.write_table(pa.Table.from_pylist(rows, schema=schema), path)
