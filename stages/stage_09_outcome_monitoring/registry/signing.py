"""Signed cards: a key the registry's folder does not hold vouches for every version it loads.

A card records the SHA-256 of each file of its version, and the card itself is signed with
HMAC-SHA-256 under the registry's key (`card.json.hmac`, beside it). The key is not in the
registry's folder: it is the `REGISTRY_KEY` setting (several hosts share it), or else a random
key the instance keeps in its own folder (`registry_key`, readable by its owner only). Whoever
can write the registry's folder but cannot read the key cannot make the service load a
version of their own: a card they write fails its signature, and a file they swap fails its
card's checksum. The card is read once: the bytes whose signature is checked are the bytes
parsed.
"""

import hashlib
import hmac
import json
from pathlib import Path

from ..instance_secrets import instance_secret
from .errors import ArtifactRejectedError, ModelNotFoundError
from .files import write_bytes_atomically

SIGNATURE_SUFFIX = ".hmac"
KEY_FILE = "registry_key"


def card_signature(key: bytes, content: bytes) -> str:
    """The HMAC-SHA-256 of a card's bytes under `key`, in hexadecimal."""
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def write_signed_card(path: Path, card: dict, key: bytes) -> None:
    """Write the card's signature, then the card (a version exists once its card is written)."""
    content = json.dumps(card, indent=2, sort_keys=True).encode()
    signature = path.with_name(path.name + SIGNATURE_SUFFIX)
    write_bytes_atomically(signature, card_signature(key, content).encode())
    write_bytes_atomically(path, content)


def signed_card(path: Path, key: bytes, version: int) -> dict:
    """The card at `path`, read once and parsed only if its signature is the key's.

    Raises:
        ModelNotFoundError: If the version has no card.
        ArtifactRejectedError: If the signature is missing or is not the key's.
    """
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ModelNotFoundError(f"no model version {version}") from None
    try:
        signature = path.with_name(path.name + SIGNATURE_SUFFIX).read_text().strip()
    except FileNotFoundError:
        signature = ""
    if not hmac.compare_digest(signature, card_signature(key, content)):
        raise ArtifactRejectedError(
            f"model version {version}: its card is not signed with this registry's key; "
            "it was not registered here and is not loaded"
        )
    return json.loads(content)


def registry_key(configured: str | None, instance_path: Path) -> bytes:
    """The registry's signing key: the configured one, else the instance's own random key.

    Args:
        configured: The `REGISTRY_KEY` setting, or None.
        instance_path: The instance folder, where its own key is kept (`instance_secrets.py`).
    """
    if configured:
        return configured.encode()
    return instance_secret(instance_path, KEY_FILE).encode()
