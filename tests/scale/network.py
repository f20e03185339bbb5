"""Hosts on one machine: a network namespace per host, joined by a bridge of their own.

Every run makes its own namespaces, named ``pmscale-<pid>-<random>-<host>``, and its own
switch (a namespace holding only the bridge ``br0``); every host's ``eth0`` is a veth whose
other end is on that bridge. Nothing is added to the machine's own namespace (no interface,
no route), so the hosts of one run can reach each other and nothing else, and two runs side
by side can use the same addresses (10.77.0.0/16) without meeting.

A host is "killed" as a machine dies: SIGKILL to every process in its namespace. At the end
every process in the run's namespaces is killed and the namespaces are deleted; namespaces
left by runs that were themselves killed (their pid is gone) are removed by the next run.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

PREFIX = "pmscale-"
SUBNET = "10.77.0.0/16"


def ip(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run(["ip", *args], input=stdin, capture_output=True, text=True,
                            timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def namespaces() -> list[str]:
    return [line.split()[0] for line in ip("netns", "list").splitlines() if line.strip()]


def pids_in(netns: str) -> list[int]:
    try:
        return [int(p) for p in ip("netns", "pids", netns).split()]
    except RuntimeError:
        return []


def kill_all_in(netns: str) -> list[int]:
    """SIGKILL to every process in the namespace (a host losing power); returns the pids."""
    killed = []
    for _ in range(20):  # a process may fork while we kill: look again until none is left
        pids = pids_in(netns)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    return killed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale() -> list[str]:
    """Delete namespaces of earlier runs on this machine whose process no longer exists."""
    removed = []
    for name in namespaces():
        if not name.startswith(PREFIX):
            continue
        owner = name[len(PREFIX):].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            kill_all_in(name)
            try:
                ip("netns", "delete", name)
                removed.append(name)
            except RuntimeError:
                pass  # another run cleaned it up first
    return removed


@dataclass
class Host:
    name: str
    netns: str
    address: str
    processes: list[subprocess.Popen] = field(default_factory=list)


@dataclass
class Network:
    """The run's hosts; use as a context manager so the namespaces go away on any exit."""

    logs: Path
    run_id: str = field(default_factory=lambda: f"{PREFIX}{os.getpid()}-{secrets.token_hex(3)}")
    hosts: dict[str, Host] = field(default_factory=dict)
    _files: list[IO[Any]] = field(default_factory=list)

    @property
    def switch(self) -> str:
        return f"{self.run_id}-sw"

    def __enter__(self) -> Network:
        remove_stale()
        ip("netns", "add", self.switch)
        ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        ip("-n", self.switch, "link", "set", "br0", "up")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_host(self, name: str, address: str, extra_addresses: Sequence[str] = ()) -> Host:
        netns = f"{self.run_id}-{name}"
        port = f"v{name}"[:15]  # the bridge's end, inside the switch namespace only
        ip("netns", "add", netns)
        host = Host(name, netns, address)
        self.hosts[name] = host
        ip("link", "add", "eth0", "netns", netns, "type", "veth",
           "peer", "name", port, "netns", self.switch)
        ip("-n", self.switch, "link", "set", port, "master", "br0")
        ip("-n", self.switch, "link", "set", port, "up")
        commands = [f"addr add {a}/16 dev eth0" for a in (address, *extra_addresses)]
        commands += ["link set eth0 up", "link set lo up"]
        ip("-n", netns, "-batch", "-", stdin="\n".join(commands) + "\n")
        return host

    def start(self, host: str, argv: Sequence[str], log_name: str, **popen: Any
              ) -> subprocess.Popen:
        """Run argv on the host (in its namespace), output to logs/<log_name>.log."""
        from tests.live import _die_with_parent

        log = open(self.logs / f"{log_name}.log", "w")  # noqa: SIM115  (closed in close())
        self._files.append(log)
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.hosts[host].netns, *argv],
            stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent(os.getpid()), **popen)
        self.hosts[host].processes.append(process)
        return process

    def run(self, host: str, argv: Sequence[str], timeout: float = 60) -> str:
        """Run argv on the host to its end; returns its output."""
        result = subprocess.run(["ip", "netns", "exec", self.hosts[host].netns, *argv],
                                capture_output=True, text=True, timeout=timeout)
        return result.stdout + result.stderr

    def kill_host(self, host: str) -> list[int]:
        killed = kill_all_in(self.hosts[host].netns)
        for process in self.hosts[host].processes:
            process.wait(timeout=30)
        return killed

    def log(self, name: str, chars: int = 3000) -> str:
        try:
            return (self.logs / f"{name}.log").read_text(errors="replace")[-chars:]
        except OSError as error:
            return f"(no log: {error})"

    def close(self) -> None:
        for host in self.hosts.values():
            kill_all_in(host.netns)
            for process in host.processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pass
        for netns in [h.netns for h in self.hosts.values()] + [self.switch]:
            try:
                ip("netns", "delete", netns)
            except RuntimeError:
                pass
        for file in self._files:
            file.close()
