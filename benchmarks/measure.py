"""What the benchmarks read off their own process."""
from __future__ import annotations

from pathlib import Path
from typing import Self


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_on_copy(script: Path, variant: str, base: Path) -> dict:
    """`python script --variant V --store COPY` in its own process, on a fresh copy of the store at
    base (removed afterwards): the JSON object its last line prints."""
    import json
    import shutil
    import subprocess
    import sys

    store = base.parent / variant
    shutil.copytree(base, store)
    try:
        output = subprocess.run([sys.executable, str(script), "--variant", variant, "--store", str(store)],
                                check=True, capture_output=True, text=True).stdout
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return json.loads(output.strip().splitlines()[-1])


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        try:
            children = Path(f"/proc/{stack.pop()}/task").glob("*/children")
            pids = [int(value) for path in children for value in path.read_text().split()]
        except OSError:
            continue
        found += pids
        stack += pids
    return found


def hwm_mib(pid: int) -> float:
    """The peak resident memory (VmHWM) of process `pid` in MiB; 0 when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class ChildPeaks:
    """Polls the peak resident memory (VmHWM) of every process this one starts, every `every`
    seconds, until stopped: the worker processes' own peaks (getrusage's RUSAGE_CHILDREN would
    report the parent's memory at the moment it forked, not the worker's)."""

    def __init__(self, every: float = 0.5) -> None:
        import os
        import threading

        self.peaks: dict[int, float] = {}
        self._pid = os.getpid()
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            for pid in _descendants(self._pid):
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), hwm_mib(pid))

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def largest(self) -> float:
        return max(self.peaks.values(), default=0.0)
