"""The app as a web page: textual-serve, with every app process it starts stopped with it."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import html
import os
import shlex
import signal
import sys
import time
from asyncio.subprocess import Process
from typing import Any

import textual_serve.server
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

TITLE = "studyapp"
"""The page title."""

STOP_GRACE_S = 3.0
"""How long an app process gets to close its database after SIGTERM before SIGKILL."""

_running: set[Process] = set()
"""App processes started for pages and not yet reaped."""


def _die_with_parent() -> None:
    """In a new app process, before it runs: ask Linux to SIGTERM it when the server dies,
    however the server dies (a SIGKILL from a supervisor leaves no handler to run)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class _GroupedAppService(AppService):
    """textual-serve's AppService, but the app runs in a process group of its own, without
    a shell in between, and is remembered until it exits.

    textual-serve starts each page's app through `sh -c` and, when the server is stopped
    with SIGTERM, leaves it running. In its own group the app and anything it starts can be
    signalled as one, and the server stops them all on its way out; on Linux an app also
    stops when the server is killed outright.
    """

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        _running.add(process)
        return process

    async def run(self) -> None:
        """Relay the app until it exits, then forget it."""
        try:
            await super().run()
        finally:
            if self._process is not None and self._process.returncode is not None:
                _running.discard(self._process)


@web.middleware
async def _titled(request: web.Request, handler: Any) -> web.StreamResponse:
    """Give the page a <title> (textual-serve's page has none; the tab would show the URL)."""
    response: web.StreamResponse = await handler(request)
    if request.path == "/" and isinstance(response, web.Response) and response.text:
        head = f"<head>\n    <title>{html.escape(TITLE)}</title>"
        response.text = response.text.replace("<head>", head, 1)
    return response


class StudyServer(Server):
    """A textual-serve Server that names the page and stops the app processes it started
    when it stops."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(_titled)
        return app

    async def on_startup(self, app: Any) -> None:
        """Say where to point the browser."""
        self.console.print(f"studyapp is served on {self.public_url} (open it, press Start)")
        self.console.print("[cyan]Press Ctrl+C to stop")

    async def on_shutdown(self, app: Any) -> None:
        """Stop every app process still running (aiohttp calls this before it waits for the
        pages' connections, which end when their apps do)."""
        alive = [p for p in _running if p.returncode is None]
        for process in alive:
            _signal_group(process, signal.SIGTERM)
        for process in alive:
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE_S)
            except TimeoutError:
                _signal_group(process, signal.SIGKILL)
                await process.wait()
            _running.discard(process)


def _signal_group(process: Process, signum: int) -> None:
    """Send `signum` to the process group of an app process (gone already: nothing)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def stop_apps(grace: float = STOP_GRACE_S) -> None:
    """SIGTERM every app process group still running, SIGKILL what outlives `grace` (after
    the event loop has stopped: whatever on_shutdown did not get to)."""
    alive = [p for p in _running if p.returncode is None]
    for process in alive:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in alive:
        while time.monotonic() < deadline and _exists(process.pid):
            time.sleep(0.02)
        if _exists(process.pid):
            _signal_group(process, signal.SIGKILL)
        _reap(process.pid)
    _running.clear()


def _exists(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, reaped here, counts as gone)."""
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap(pid: int) -> None:
    """Collect the exit status of child `pid` if it has exited."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def serve(command: str, *, host: str, port: int) -> int:
    """Serve the app run by `command` on host:port until SIGINT or SIGTERM; returns 0."""
    # textual-serve makes one AppService per page from this module-level name.
    textual_serve.server.AppService = _GroupedAppService  # type: ignore[attr-defined]
    server = StudyServer(command, host=host, port=port, title=TITLE)
    try:
        server.serve()
    finally:
        stop_apps()
    return 0
