"""User-facing errors: the CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class PiwatchError(Exception):
    """A failure the operator can act on; its message says what happened and what to do."""

    exit_code = 1
