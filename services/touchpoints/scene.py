"""Mini-program ``scene`` codes: at most 32 characters from WeChat's allowed set (pure).

WeChat allows digits, ASCII letters and ``!#$&'()*+,/:;=?@-._~`` in a scene.
Ours are random letters and digits only (no character a URL or a printer could
mangle), long enough that guessing one is hopeless: 12 of 62 symbols ~ 71 bits.
"""

from __future__ import annotations

import secrets
import string

MAX_LENGTH = 32
ALLOWED = frozenset(string.ascii_letters + string.digits + "!#$&'()*+,/:;=?@-._~")
_ALPHABET = string.ascii_letters + string.digits
LENGTH = 12


def new_scene() -> str:
    """A fresh random scene code."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(LENGTH))


def is_valid_scene(scene: str) -> bool:
    """True when WeChat would accept ``scene``."""
    return 0 < len(scene) <= MAX_LENGTH and all(ch in ALLOWED for ch in scene)
