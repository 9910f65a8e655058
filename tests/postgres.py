"""A throw-away PostgreSQL server for the store tests: Debian's ``postgresql`` package, started in a temporary
folder on a Unix socket (no TCP port is opened), stopped when the session ends.

``.ci/run`` installs the package; elsewhere the PostgreSQL tests skip when no server binaries are found, unless
``DOSSIER_REQUIRE_POSTGRES=1`` makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

_PORT = 54329
_USER = "dossier"


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: from ``pg_config``, else Debian's versioned folder."""
    if (pg_config := shutil.which("pg_config")) is not None:
        found = Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
        if (found / "initdb").exists():
            return found
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


@contextmanager
def server(bindir: Path) -> Iterator[str]:
    """A running server; yields the URL of its ``postgres`` database (``postgresql://dossier@/postgres?host=…``)."""
    folder = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the package's own user
        shutil.chown(folder, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    try:
        subprocess.run([*as_owner, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", _USER, "--no-sync",
                        "-E", "UTF8", "--locale", "C"], check=True, capture_output=True)
        options = f"-k {folder} -p {_PORT} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        subprocess.run([*as_owner, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                        str(folder / "log"), "start"], check=True, capture_output=True)
        try:
            yield f"postgresql://{_USER}@/postgres?host={folder}&port={_PORT}"
        finally:
            subprocess.run([*as_owner, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url: str, name: str) -> str:
    """A new empty database on the server; its URL."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_url.replace("/postgres?", f"/{name}?", 1)
