"""Importing PyMySQL without the ``cryptography`` package it loads up front.

PyMySQL's ``_auth`` module imports ``cryptography`` when the module loads, a sixth of
our start-up for a MariaDB connection (about 11 ms here), although only the
``sha256_password`` and ``caching_sha2_password`` logins over an unencrypted link use it
(to RSA-encrypt the password). ``import_pymysql()`` imports PyMySQL with that import
held back and loads ``cryptography`` the first time such a login needs it, so those
logins work exactly as before.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from typing import Any


class _HoldBack(importlib.abc.MetaPathFinder):
    """Refuses ``cryptography`` (as if it were not installed) while it is on ``sys.meta_path``."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "cryptography" or name.startswith("cryptography."):
            raise ImportError(f"{name} is loaded when a login needs it")
        return None


def import_pymysql() -> Any:
    """PyMySQL, imported (once) without loading ``cryptography`` until a login needs it."""
    if "pymysql" in sys.modules or "cryptography" in sys.modules:
        import pymysql

        return pymysql
    hold = _HoldBack()
    sys.meta_path.insert(0, hold)
    try:
        import pymysql
        import pymysql.connections  # noqa: F401 - what imports _auth
    finally:
        sys.meta_path.remove(hold)
    from pymysql import _auth

    if not getattr(_auth, "_have_cryptography", True) and importlib.util.find_spec("cryptography") is not None:
        _auth.sha2_rsa_encrypt = _loading_cryptography(_auth, _auth.sha2_rsa_encrypt)
    return pymysql


def _loading_cryptography(auth: Any, encrypt: Any) -> Any:
    """``encrypt`` (PyMySQL's ``sha2_rsa_encrypt``) with the names it uses imported first."""

    def sha2_rsa_encrypt(password: bytes, salt: bytes, public_key: bytes) -> bytes:
        from cryptography.hazmat.backends import default_backend
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding

        auth.default_backend, auth.hashes, auth.serialization, auth.padding = (default_backend, hashes,
                                                                               serialization, padding)
        auth._have_cryptography = True
        return encrypt(password, salt, public_key)

    return sha2_rsa_encrypt
