"""A real county server process on 127.0.0.1, for the tests that talk to one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    db: str,
    log_path: Path,
    port: int | None = None,
    options: tuple[str, ...] = (),
    tls: tuple[str, str] | None = None,
) -> Iterator[str]:
    """Start `collector-server run` on `db` (over HTTPS with `tls`, a certificate and its
    key); yields the API's base URL."""
    port = port or free_port()
    command = [sys.executable, "-m", "collector.server.cli", "--db", db, "run", "--port", str(port)]
    command += options
    if tls:
        command += ["--cert", tls[0], "--key", tls[1]]
    # The log goes to a file: a pipe nobody reads fills up and stops the server.
    with log_path.open("a") as log:
        process = subprocess.Popen(
            command, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        base = f"{'https' if tls else 'http'}://127.0.0.1:{port}/api/v1"
        try:
            wait_until_up(base, process, log_path, tls[0] if tls else True)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen, log_path: Path, verify=True) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{base}/health", timeout=1, verify=verify).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not start; see {log_path}")


def self_signed(folder) -> tuple[str, str]:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "县级服务器测试")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)
