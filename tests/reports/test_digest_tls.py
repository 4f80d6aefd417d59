"""Delivery over STARTTLS and implicit TLS with login, against aiosmtpd on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from testkit.crawlrun import run_piwatch
from testkit.digest import WEEK, Mailbox
from testkit.net import free_port

USER, PASSWORD = "piwatch", "s3cret-smtp"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


# With implicit TLS aiosmtpd cannot tell the session is encrypted and warns; it is.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login(security, certificate, seeded, piwatch_env):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box, port = Mailbox(), free_port()
    tls = (
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": context, "auth_require_tls": False}  # implicit TLS from the start
    )
    controller = Controller(
        box, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop(),
        auth_required=True, authenticator=_authenticator, auth_exclude_mechanism=["LOGIN"],
        **tls,
    )  # fmt: skip
    controller.start()
    try:
        env = {
            **piwatch_env,
            "SSL_CERT_FILE": str(cert),  # trust the test certificate, verification stays on
            "PIWATCH_DIGEST__SMTP_PORT": str(port),
            "PIWATCH_DIGEST__SMTP_SECURITY": security,
            "PIWATCH_DIGEST__SMTP_USERNAME": USER,
            "PIWATCH_DIGEST__SMTP_PASSWORD": PASSWORD,
            "PIWATCH_DIGEST__RECIPIENTS": '[{"email": "zj@test.example", "province": "浙江省"}]',
        }
        sent = run_piwatch(env, "digest", "--week", WEEK, "--send")
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert len(box.messages) == 1

        wrong = {
            **env,
            "PIWATCH_DIGEST__SMTP_PASSWORD": "wrong",
            "PIWATCH_DIGEST__SMTP_RETRIES": "0",
        }
        refused = run_piwatch(wrong, "digest", "--week", WEEK, "--send", "--force")
        assert refused.returncode == 1
        assert "535" in refused.stdout and PASSWORD not in refused.stdout + refused.stderr
        assert len(box.messages) == 1

        untrusted = {k: v for k, v in wrong.items() if k != "SSL_CERT_FILE"}
        untrusted["PIWATCH_DIGEST__SMTP_PASSWORD"] = PASSWORD
        unverified = run_piwatch(untrusted, "digest", "--week", WEEK, "--send", "--force")
        assert unverified.returncode == 1
        assert "CERTIFICATE_VERIFY_FAILED" in unverified.stdout
        assert len(box.messages) == 1
    finally:
        controller.stop()
