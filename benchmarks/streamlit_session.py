"""A dashboard session as a browser tab holds it, minus the drawing: a websocket to a running
Streamlit server speaking its protocol (BackMsg out, ForwardMsg in), so that many sessions can be
opened against one real server from one process, on loopback. A page run is timed from the
request to the server's "script finished", the moment a browser has every element to draw.

Used by dashboard_load.py (`--harness server`)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def serve(app: Path, env: dict, root: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run app` on a free loopback port; (process, http url) once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=root, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not start")


class Session:
    """One session on the server at `url` (http://host:port)."""

    def __init__(self, url: str) -> None:
        self._opened = ExitStack()
        self.socket = self._opened.enter_context(connect(
            url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            open_timeout=120))

    def run(self, page: str = "", query: str = "", timeout: float = 600) -> tuple[float, str]:
        """Open `page` (its url path; "" for the default page) with `query` (a link's query string):
        (seconds until the run finished, the errors the page showed, "" if none)."""
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        started = time.perf_counter()
        self.socket.send(message.SerializeToString())
        errors = []
        while True:
            received = ForwardMsg()
            received.ParseFromString(self.socket.recv(timeout=timeout))
            kind = received.WhichOneof("type")
            if kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                element = received.delta.new_element
                shown = element.WhichOneof("type")
                if shown == "exception":
                    errors.append(f"{element.exception.type}: {element.exception.message}")
                elif shown == "alert" and element.alert.format == Alert.ERROR:
                    errors.append(element.alert.body)
            elif kind == "page_not_found":
                errors.append(f"page not found: {page}")
            elif kind == "script_finished" and received.script_finished != RERUN:
                return time.perf_counter() - started, "; ".join(errors)[:300]

    def close(self) -> None:
        self._opened.close()
