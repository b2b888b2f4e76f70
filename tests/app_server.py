"""The trainer page served on a free port and opened in Debian's headless chromium, for tests.

``with served_page() as served:`` starts ``python -m analysis.app --port N``, waits until it
answers, opens a page in chromium (Playwright with the system browser, never a downloaded
one) and yields it; on leaving it closes the browser, stops the server and fails the test if
the server printed a traceback.
"""

from __future__ import annotations

import contextlib
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from analysis.app_panels import MAP_CLASS

__all__ = ["ARTIFACTS", "MAP", "ROOT", "ServedPage", "served_page"]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
#: The map image on the page.
MAP = f"img.{MAP_CLASS}, .{MAP_CLASS} img"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Seconds the server gets to print its address and to answer.
START_S = 120


@dataclass
class ServedPage:
    """The open page, its address, the server's output lines and the page's script errors."""

    page: Any
    url: str
    port: int
    output: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_url(proc: subprocess.Popen, timeout_s: float, output: list[str]) -> str:
    """The address the server prints, read from its output without blocking forever; every
    line the server prints is also appended to ``output``."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            output.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        found = re.search(r"http://127\.0\.0\.1:\d+/?", line)
        if found:
            return found.group(0)
    raise AssertionError(f"the app printed no URL (exit code {proc.poll()})")


def _wait_until_serving(url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


@contextlib.contextmanager
def served_page() -> Iterator[ServedPage]:
    """The page of a new ``analysis.app`` server, open in headless chromium (1600 x 1200)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analysis.app", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        url = _wait_for_url(proc, START_S, output)
        _wait_until_serving(url, START_S)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1200})
                served = ServedPage(page, url, port, output)
                page.on("pageerror", lambda err: served.page_errors.append(str(err)))
                yield served
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    assert not [line for line in output if "Traceback" in line], "".join(output)
