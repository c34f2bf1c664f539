"""``claimledger serve --workers N``: N processes, each with its own socket on the port, sharing the connections."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimledger.cli import main

pytestmark = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT") or not Path("/proc/net/tcp").exists(), reason="Linux /proc and SO_REUSEPORT"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    command = [sys.executable, "-m", "claimledger.cli", "serve", "--db", str(tmp_path / "ledger.db")]
    server = subprocess.Popen([*command, "--port", str(port), "--workers", "2"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _listening(port) < 2:  # each worker listens once its app is built
        assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    yield server, port
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=30)


def _workers(pid: int) -> list[int]:
    """The server processes started by ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text() if entry.isdigit() else ""
            command = Path(f"/proc/{entry}/cmdline").read_bytes() if stat else b""
        except OSError:
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in command:
            found.append(int(entry))
    return found


def _sockets(port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets on local ``port`` in ``state`` (01 established, 0A listening), from /proc."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:] if Path(table).exists() else []:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found.add(fields[9])
    return found


def _listening(port: int) -> int:
    return len(_sockets(port, "0A"))


def _connections_by_process(pids: list[int], port: int) -> Counter[int]:
    """How many established connections to ``port`` each process holds."""
    established = _sockets(port, "01")
    held: Counter[int] = Counter()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = os.readlink(fd) if fd.is_symlink() else ""
            if target.startswith("socket:[") and target[8:-1] in established:
                held[pid] += 1
    return held


def test_connections_opened_at_once_are_shared_by_the_workers(served: tuple[subprocess.Popen[bytes], int]) -> None:
    """With one shared socket, whichever process woke first took the whole burst (20 of 20 in 4 of 5 trials)."""
    server, port = served
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    try:
        for client in clients:
            client.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for client in clients:
            assert client.recv(12).startswith(b"HTTP/1.1 200")
        workers = _workers(server.pid)
        held = _connections_by_process(workers, port)
    finally:
        for client in clients:
            client.close()
    assert sum(held.values()) == 20
    assert len(workers) >= 2 and all(held[pid] >= 2 for pid in workers), held  # P(fails by chance) < 1e-4


def test_a_worker_that_dies_is_replaced_and_a_stop_ends_them_all(served: tuple[subprocess.Popen[bytes], int]) -> None:
    server, port = served
    first = _workers(server.pid)
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + 60
    while first[0] in _workers(server.pid) or len(_workers(server.pid)) < len(first):
        assert time.monotonic() < deadline, "the ended worker was not replaced"
        time.sleep(0.2)
    assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=10).status_code == 200
    workers = _workers(server.pid)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_a_port_in_use_is_refused_with_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--db", str(tmp_path / "ledger.db"), "--port", str(port), "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err


def test_workers_that_cannot_start_stop_the_server_instead_of_restarting() -> None:
    code = (
        "from claimledger.web import workers; "
        f"workers.serve('127.0.0.1', {_free_port()}, 2, app='claimledger.web.no_such_module:create_app')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=90)
    assert run.returncode != 0 and "could not start" in run.stderr
    assert "no_such_module" in run.stderr  # uvicorn said why
