"""A real OpenID Connect provider (django-oauth-toolkit) in a second process on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings

HERE = Path(__file__).resolve().parent
IDP_USERS = [
    {"username": "taro", "email": "taro@corp.example", "password": "idp-pass-taro", "name": "Taro Yamada"},
    {
        "username": "hanako",
        "email": "hanako@corp.example",
        "password": "idp-pass-hanako",
        "name": "Hanako Sato",
    },
    {
        "username": "mallory",
        "email": "mallory@elsewhere.example",
        "password": "idp-pass-mallory",
        "name": "Mallory",
    },
]


@dataclass
class IdP:
    issuer: str
    base: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdP]:
    data_dir = tmp_path_factory.mktemp("idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    config = data_dir / "config.json"
    config.write_text(json.dumps({"private_key_pem": pem, "users": IDP_USERS}))
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "oidc_idp.py"), str(port), str(data_dir), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if line.strip() != "ready":
            raise RuntimeError(f"test IdP did not start: {line} {proc.stderr.read() if proc.stderr else ''}")
        base = f"http://127.0.0.1:{port}"
        yield IdP(issuer=f"{base}/o", base=base)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def _sso_on_loopback() -> Iterator[None]:
    with override_settings(KYOSO_SSO_ALLOW_PRIVATE=True):
        yield
