"""A seat's picture of the game for vision models, as OpenAI-style multimodal chat content.

vLLM's OpenAI-compatible server takes an image inside a user message as
``{"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}}`` next to
``{"type": "text", "text": ...}`` parts, applies the model's own chat template and image
processor, and refuses images for a model without vision. The picture is the env's
``observe_image(agent)``: the seat's own view (Kuhn Poker: the other card face down), never the
spectator's ``render()``, so no hidden information reaches the model by the image.

Pillow encodes the PNG (``pip install 'parlour[vsbench]'``); it is imported only when a picture is.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np


def png_bytes(image: np.ndarray) -> bytes:
    """An RGB (H, W, 3) uint8 array as PNG bytes."""
    try:
        from PIL import Image
    except ModuleNotFoundError:
        raise ModuleNotFoundError("images for vision models need Pillow: pip install 'parlour[vsbench]'",
                                  name="PIL") from None
    array = np.asarray(image)
    if array.ndim != 3 or array.shape[2] != 3 or array.dtype != np.uint8:
        raise ValueError(f"expected an RGB image of shape (H, W, 3) and dtype uint8, not {array.shape} {array.dtype}")
    out = io.BytesIO()
    Image.fromarray(array, "RGB").save(out, format="PNG")
    return out.getvalue()


def png_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def seat_image(env, seat: int) -> np.ndarray:
    """``seat``'s own picture of the game now, from the env's ``observe_image``."""
    raw = getattr(env, "unwrapped", env)
    observe = getattr(raw, "observe_image", None)
    if observe is None:
        raise ValueError(f"{type(raw).__name__} has no observe_image(agent): this game gives vision models no picture")
    return observe(raw.possible_agents[seat])


def with_image(messages: list[dict], png: bytes) -> list[dict]:
    """``messages`` with the picture added to the last user message (text first, then the image);
    the other messages are the same objects."""
    for i in range(len(messages) - 1, -1, -1):
        if messages[i]["role"] == "user":
            break
    else:
        raise ValueError("no user message to attach the image to")
    message = messages[i]
    text = message["content"]
    if not isinstance(text, str):
        raise ValueError("the user message already has multimodal content")
    content: list[dict[str, Any]] = [{"type": "text", "text": text},
                                     {"type": "image_url", "image_url": {"url": png_data_url(png)}}]
    return [*messages[:i], {**message, "content": content}, *messages[i + 1:]]


def text_chars(content: str | list[dict]) -> int:
    """Characters of a message's text (an image part counts none: its tokens are the model's own)."""
    if isinstance(content, str):
        return len(content)
    return sum(len(part.get("text", "")) for part in content if part.get("type") == "text")
