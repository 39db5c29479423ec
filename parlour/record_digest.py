"""The hash chain of a format-2 GameRecord: tamper-evident, not signed.

Each game's lines are chained with BLAKE2b (16-byte digests, hex in the file):

- header: ``digest = H(canonical(header without "digest"))``;
- decision k: ``state_hash = H(previous + canonical(line without "state_hash") + state bytes)``,
  where ``previous`` is the raw 16 bytes of the header digest (k = 0) or of decision k-1's hash,
  and the state bytes are the engine's :meth:`state_bytes` after the decision;
- outcome: ``digest = H(previous + canonical(outcome without "digest"))``.

So an edit anywhere changes the hash of its line and of every later line of the game. Anyone can
recompute an unkeyed hash, so this detects edits and damage; it does not prove who wrote a file.
The canonical form is JSON with sorted keys, no whitespace (``,`` and ``:``), non-ASCII kept as
UTF-8 (``ensure_ascii=False``), fields whose value is null left out of decision lines, exactly
what :func:`canonical_json` gives. docs/record-format.md spells this out for other tools.
"""

from __future__ import annotations

import json
from hashlib import blake2b
from struct import Struct
from typing import Any

DIGEST_SIZE = 16  # bytes; 32 hex digits in the file


def canonical_json(value: Any) -> str:
    """The canonical JSON text the chain hashes (encode it as UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_hex(data: bytes) -> str:
    return blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


def header_digest(header_data: dict[str, Any]) -> str:
    """The digest of a header line given as JSON data (its own "digest" field is left out)."""
    return digest_hex(canonical_json({k: v for k, v in header_data.items() if k != "digest"}).encode())


def link(previous: str, canonical_line: str, state: bytes = b"") -> str:
    """One link of the chain: H(previous digest bytes + canonical line + state bytes), as hex."""
    return digest_hex(bytes.fromhex(previous) + canonical_line.encode() + state)


def outcome_digest(previous: str, outcome_data: dict[str, Any]) -> str:
    """The digest of an outcome line given as JSON data, chained to the game's last hash."""
    return link(previous, canonical_json({k: v for k, v in outcome_data.items() if k != "digest"}))


def rules_key(rules: Any) -> str:
    """A stable key of a board's rules: BLAKE2b of their canonical JSON.

    ``rules`` is a header's ``rules`` dict, or a RuleSet (anything with ``model_dump``). Two
    games share the key exactly when their rules are equal as JSON data, in any process and on
    any Python, so a resumed run can match finished games by rules, agents per seat and seed.
    """
    if hasattr(rules, "model_dump"):
        rules = rules.model_dump(mode="json")
    return digest_hex(canonical_json(rules).encode())


_PACKERS: dict[int, Struct] = {}


def pack_ints(values: tuple) -> bytes:
    """Ints (and bools, as 0/1) as little-endian signed 64-bit words: the same bytes on every
    Python version and implementation, unlike ``hash()``, and cheaper than a repr."""
    packer = _PACKERS.get(len(values))
    if packer is None:
        packer = _PACKERS[len(values)] = Struct(f"<{len(values)}q")
    return packer.pack(*values)


def state_bytes(engine) -> bytes:
    """An engine's state after its last action, as the chain hashes it: its packed round part and
    the seats that have acted in the current decision (the game contract's ``state_parts``)."""
    round_part, submitted = engine.state_parts()
    return round_part + pack_ints(submitted)
