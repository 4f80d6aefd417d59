"""A real RFC 3161 time-stamping authority on loopback, built from OpenSSL's ``ts`` command with
a CA and a TSA certificate made at start (tests of evidence packages)."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
ordering = no
tsa_name = no
"""
_EXTENSIONS = "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n"


def make_ca(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed CA (certificate, key) in ``directory``."""
    key, cert = directory / f"{name}.key", directory / f"{name}.crt"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
             str(cert), "-days", "2", "-subj", f"/CN={name}")  # fmt: skip
    return cert, key


class LoopbackTSA:
    """``with LoopbackTSA() as tsa``: ``tsa.url`` answers time-stamp queries, ``tsa.ca_file``
    verifies them."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="piwatch-tsa-")
        self.dir = Path(self._tmp.name)
        self.ca_file, ca_key = make_ca(self.dir, "test-root-ca")
        key, csr, cert = self.dir / "tsa.key", self.dir / "tsa.csr", self.dir / "tsa.crt"
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
                 "-subj", "/CN=piwatch test TSA")  # fmt: skip
        (self.dir / "ext.cnf").write_text(_EXTENSIONS)
        _openssl("x509", "-req", "-in", str(csr), "-CA", str(self.ca_file), "-CAkey",
                 str(ca_key), "-CAcreateserial", "-out", str(cert), "-days", "2", "-extfile",
                 str(self.dir / "ext.cnf"))  # fmt: skip
        (self.dir / "serial").write_text("01\n")
        (self.dir / "tsa.cnf").write_text(_CONFIG.format(dir=self.dir))
        self.served = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/tsa"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._lock = threading.Lock()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with tsa._lock:
                    reply = tsa._reply(query)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def _reply(self, query: bytes) -> bytes:
        (self.dir / "query.tsq").write_bytes(query)
        _openssl("ts", "-reply", "-config", str(self.dir / "tsa.cnf"), "-queryfile",
                 str(self.dir / "query.tsq"), "-out", str(self.dir / "reply.tsr"))  # fmt: skip
        self.served += 1
        return (self.dir / "reply.tsr").read_bytes()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self._server.shutdown()
        self._server.server_close()
        self._tmp.cleanup()


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)
