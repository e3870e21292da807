"""Server CPU time from /proc: utime + stime of the gunicorn master and its workers, read before and after a cell.

CPU time holds better than wall time on a shared machine: another process taking the cores makes a request wait,
not spend more CPU. The kernel counts in clock ticks (usually 10 ms), so a cell must spend a few seconds of CPU for
the per-lifecycle figure to be good to a few per cent.
"""
from __future__ import annotations

import os
from pathlib import Path

TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """utime + stime of one process in seconds (0 when it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": field 3 (state) is fields[0]
    return (int(fields[11]) + int(fields[12])) * TICK_S  # fields 14 and 15 of proc(5)


class ServerCpu:
    """`with ServerCpu(server) as cpu: ...` then `cpu.seconds`: CPU spent by the master and the workers meanwhile.
    The workers are listed at the start; a worker replaced during the cell would be missed, so the cell fails."""

    def __init__(self, server) -> None:
        self.server = server
        self.seconds = 0.0

    def _pids(self) -> list[int]:
        return [self.server.proc.pid, *self.server.worker_pids()]

    def __enter__(self) -> ServerCpu:
        self._start_pids = self._pids()
        self._start = sum(process_cpu_s(p) for p in self._start_pids)
        return self

    def __exit__(self, *exc) -> None:
        pids = self._pids()
        if sorted(pids) != sorted(self._start_pids):
            raise RuntimeError("a gunicorn worker was replaced during a measured cell")
        self.seconds = sum(process_cpu_s(p) for p in pids) - self._start
