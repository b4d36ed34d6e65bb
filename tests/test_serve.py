"""`studyapp serve`: the page, the warning off localhost, no app left behind, a real browser."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WAIT_S = 60
"""Upper bound on any one wait (the machine may be loaded); tests end as soon as it's done."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting to be reaped does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@contextmanager
def serving(*extra: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`studyapp serve` on a free port, started and (whatever happens) stopped."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:  # the server says where it listens once it does
            if "studyapp is served on" in line:
                break
        else:
            raise AssertionError(f"serve did not start: {server.stderr.read() if server.stderr else ''}")
        # It says so while starting up, a moment before it accepts connections.
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield server, port
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(WAIT_S)


def test_serve_gives_a_page_named_studyapp_on_localhost() -> None:
    with serving() as (server, port):
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=WAIT_S).read().decode()
        assert "<title>studyapp</title>" in page
        assert 'id="start"' in page
        server.send_signal(signal.SIGTERM)
        assert server.wait(WAIT_S) == 0
        assert server.stderr is not None and "warning" not in server.stderr.read()


def test_serve_warns_when_bound_beyond_this_machine() -> None:
    with serving("--host", "0.0.0.0") as (server, _):
        server.send_signal(signal.SIGTERM)
        server.wait(WAIT_S)
        assert server.stderr is not None
        err = server.stderr.read()
        assert "warning: serving on 0.0.0.0" in err and "no password" in err


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the app through /proc")
async def test_sigterm_stops_the_app_processes_it_started() -> None:
    import asyncio

    import aiohttp

    with serving() as (server, port):
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
            async with session.ws_connect(url) as ws:
                message = await asyncio.wait_for(ws.receive(), WAIT_S)  # the app's first frame
                assert message.type is aiohttp.WSMsgType.BINARY
                children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
                apps = [int(pid) for pid in children.split()]
                assert len(apps) == 1 and _alive(apps[0])
                server.send_signal(signal.SIGTERM)
                assert await asyncio.to_thread(server.wait, WAIT_S) == 0
        try:
            assert not _alive(apps[0]), "the app process outlived the server"
        finally:
            if _alive(apps[0]):
                os.kill(apps[0], signal.SIGKILL)


_RECORD_FRAMES = """
window.__screen = "";
const Original = window.WebSocket;
window.WebSocket = class extends Original {
  constructor(...args) {
    super(...args);
    const decoder = new TextDecoder();
    this.addEventListener("message", async (event) => {
      const data = event.data;
      if (typeof data === "string") { window.__screen += data; }
      else if (data instanceof ArrayBuffer) { window.__screen += decoder.decode(data); }
      else if (data && data.arrayBuffer) { window.__screen += decoder.decode(await data.arrayBuffer()); }
    });
  }
};
"""


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}")
def test_a_browser_starts_the_app_and_shows_the_home_screen_with_its_keys(
    tmp_path: Path,
) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="needs the test extra")
    with serving() as (_, port), playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 640})
            page.add_init_script(_RECORD_FRAMES)
            page.goto(f"http://127.0.0.1:{port}/?delay=1")  # with the Start button
            assert page.title() == "studyapp"
            page.click("#start")
            # The deck table, then the footer's keys, which used to stay blank until the
            # page got focus (the page does not have it: nothing was clicked in it).
            page.wait_for_function("window.__screen.includes('Gradient Descent')",
                                   timeout=WAIT_S * 1000)
            page.wait_for_function("window.__screen.includes('All decks')",
                                   timeout=WAIT_S * 1000)
            assert page.evaluate("document.activeElement.tagName") == "BODY"
            shot = tmp_path / "home.png"
            page.screenshot(path=str(shot))
            assert shot.read_bytes().startswith(b"\x89PNG")
            if keep := os.environ.get("STUDYAPP_KEEP_SCREENSHOT"):
                shutil.copy(shot, keep)
        finally:
            browser.close()


@pytest.mark.skipif(sys.platform != "linux", reason="Linux stops orphaned apps (PR_SET_PDEATHSIG)")
async def test_an_app_does_not_outlive_a_killed_server() -> None:
    import asyncio

    import aiohttp

    with serving() as (server, port):
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
            async with session.ws_connect(url) as ws:
                await asyncio.wait_for(ws.receive(), WAIT_S)
                children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
                [app] = [int(pid) for pid in children.split()]
                server.kill()  # no handler runs: a supervisor's SIGKILL
                await asyncio.to_thread(server.wait, WAIT_S)
        # The app is no child of ours: its end cannot be awaited, only watched for.
        deadline = time.monotonic() + WAIT_S
        while _alive(app) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        try:
            assert not _alive(app), "the app process outlived the killed server"
        finally:
            if _alive(app):
                os.kill(app, signal.SIGKILL)
