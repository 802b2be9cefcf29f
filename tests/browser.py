"""Headless Chromium driven over the DevTools protocol: open a page, evaluate JavaScript in it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page; ``evaluate`` runs JavaScript there and returns its value."""

    def __init__(self, url: str):
        self.profile = tempfile.TemporaryDirectory(prefix="publish-chromium-", ignore_cleanup_errors=True)
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile.name}", "--window-size=1600,1000", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        port = self._devtools_port()
        self.socket = websocket.create_connection(self._page_socket(port), timeout=60)
        self.next_id = 0

    def _devtools_port(self) -> int:
        deadline = time.monotonic() + 60
        for line in self.process.stderr:
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found[1])
            if time.monotonic() > deadline:
                break
        raise RuntimeError("chromium did not start its DevTools server")

    @staticmethod
    def _page_socket(port: int) -> str:
        for _ in range(100):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
                pages = [target for target in json.load(answer) if target["type"] == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        raise RuntimeError("chromium opened no page")

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression (promises awaited)."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": "Runtime.evaluate", "params": {
            "expression": expression, "returnByValue": True, "awaitPromise": True}}))  # fmt: skip
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                break
        result = message.get("result", {})
        if "error" in message or "exceptionDetails" in result:  # the page went away (navigating), or threw
            raise RuntimeError(f"JavaScript failed: {message.get('error') or result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> object:
        """Poll until the expression is truthy (an error counts as not yet: the page may still be loading)."""
        deadline = time.monotonic() + timeout
        failure = None
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError as error:
                value, failure = None, error
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"still false after {timeout} s: {expression} ({failure or 'no error'})")

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stderr.close()
        self.profile.cleanup()


def required() -> bool:
    """CI sets PUBLISH_BROWSER_TESTS=required: there a missing Chromium fails the tests instead of skipping them."""
    return os.environ.get("PUBLISH_BROWSER_TESTS") == "required"
