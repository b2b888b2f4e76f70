"""The trainer page's command line: ``--port`` and ``--host`` are checked before a server starts."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.app import DEFAULT_PORT, listen_port, parse_port
from sim.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_port_is_a_whole_number_in_range():
    assert parse_port(None) is None
    assert parse_port("0") == 0 and parse_port("65535") == 65535
    with pytest.raises(ConfigError, match=r"^--port=65536: allowed range \[0, 65535\]$"):
        parse_port("65536")
    with pytest.raises(ConfigError, match=r"^--port='8o': a whole number"):
        parse_port("8o")


def test_port_zero_and_named_hosts_of_this_machine_are_accepted():
    assert 0 < listen_port("127.0.0.1", 0) <= 65535
    assert 0 < listen_port("localhost", 0) <= 65535


def test_without_port_a_taken_default_port_falls_back_to_a_free_one():
    with socket.socket() as holder:
        try:
            holder.bind(("127.0.0.1", DEFAULT_PORT))
            holder.listen()
        except OSError:
            pass  # another program has it: the same situation
        port = listen_port("127.0.0.1", None)
    assert port != DEFAULT_PORT and 0 < port <= 65535


def test_a_port_given_and_taken_is_refused():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(ConfigError, match=rf"^--port={port}: in use on 127.0.0.1 by another program"):
            listen_port("127.0.0.1", port)


def test_a_port_taken_by_another_process_is_one_line_and_exit_2():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "analysis.app", "--port", str(port)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [f"error: --port={port}: in use on 127.0.0.1 by another program "
                                        "(pick another port, or 0 for any free one)"]
    assert proc.stdout == ""
