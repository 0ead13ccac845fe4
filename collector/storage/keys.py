"""The store's data key, and how it is kept: wrapped by the password and by the county.

The database is encrypted with a random 256-bit key (SQLCipher raw key), never derived
from the password, so that a password can change without re-encrypting the store and a
forgotten password loses nothing. The key is kept in `keys.json` beside the store:

- wrapped by a key derived from the password with scrypt (n=2**15, r=8, p=1: about 0.1 s
  and 32 MiB on a laptop, too costly to try millions of guesses) and AES-256-GCM, which
  also tells a wrong password from a right one (the tag does not verify);
- and, when the county's recovery public key is configured, wrapped by that RSA key with
  OAEP-SHA256, so county IT, holding the private key, can recover the store.

`keys.json` is replaced atomically (write beside, fsync, rename), so a change of password
interrupted at any point leaves a file that opens with the old or the new password.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_FILE = "keys.json"
MIN_PASSWORD = 8
"""The fewest characters a local password may have (the CLI and the desktop program both
refuse shorter ones)."""
KEY_BYTES = 32
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
WRAP_LABEL = b"collector data key v1"


class KeyFileError(Exception):
    """Base of the key problems a user can meet; `code` names the message."""

    code = "store.keys_unreadable"


class WrongPassword(KeyFileError):
    code = "store.wrong_password"


class WrongRecoveryKey(KeyFileError):
    code = "store.wrong_recovery_key"


class NoRecoveryWrap(KeyFileError):
    code = "store.no_recovery_key"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _kek(password: str, salt: bytes, params: dict) -> bytes:
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=params["n"], r=params["r"], p=params["p"])
    return kdf.derive(password.encode("utf-8"))


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass
class KeyFile:
    """The wrapped data key as stored in keys.json."""

    password_wrap: dict
    recovery_wrap: dict | None = None

    @classmethod
    def create(cls, data_key: bytes, password: str, recovery_public_pem: bytes | None) -> KeyFile:
        keys = cls(password_wrap=wrap_with_password(data_key, password))
        if recovery_public_pem:
            keys.recovery_wrap = wrap_for_recovery(data_key, recovery_public_pem)
        return keys

    def unwrap(self, password: str) -> bytes:
        wrap = self.password_wrap
        kek = _kek(password, _unb64(wrap["salt"]), wrap["scrypt"])
        try:
            return AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["key"]), WRAP_LABEL)
        except InvalidTag:
            raise WrongPassword() from None

    def unwrap_for_recovery(self, private_pem: bytes) -> bytes:
        if not self.recovery_wrap:
            raise NoRecoveryWrap()
        try:
            private = serialization.load_pem_private_key(private_pem, password=None)
        except (ValueError, TypeError) as err:
            raise WrongRecoveryKey() from err
        if not isinstance(private, rsa.RSAPrivateKey):
            raise WrongRecoveryKey()
        try:
            return private.decrypt(_unb64(self.recovery_wrap["key"]), OAEP)
        except ValueError:
            raise WrongRecoveryKey() from None

    def to_json(self) -> str:
        data = {"version": 1, "password": self.password_wrap}
        if self.recovery_wrap:
            data["recovery"] = self.recovery_wrap
        return json.dumps(data, indent=2)

    @classmethod
    def read(cls, data_dir: Path) -> KeyFile:
        try:
            data = json.loads((data_dir / KEY_FILE).read_text(encoding="utf-8"))
            return cls(password_wrap=data["password"], recovery_wrap=data.get("recovery"))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise KeyFileError(str(err)) from err

    def write(self, data_dir: Path) -> None:
        """Replace keys.json atomically: the old file stays whole until the new one is."""
        target = data_dir / KEY_FILE
        temporary = data_dir / (KEY_FILE + ".new")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(self.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _fsync_dir(data_dir)


def wrap_with_password(data_key: bytes, password: str) -> dict:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _kek(password, salt, SCRYPT)
    return {
        "kdf": "scrypt",
        "scrypt": dict(SCRYPT),
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "key": _b64(AESGCM(kek).encrypt(nonce, data_key, WRAP_LABEL)),
    }


def wrap_for_recovery(data_key: bytes, public_pem: bytes) -> dict:
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, rsa.RSAPublicKey):
        raise ValueError("the recovery key must be an RSA public key")
    return {"cipher": "RSA-OAEP-SHA256", "key": _b64(public.encrypt(data_key, OAEP))}


def new_recovery_key_pair(bits: int = 3072) -> tuple[bytes, bytes]:
    """(private PEM, public PEM) for county IT: the private half stays with the county."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory fsync; os.replace is atomic there too
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
