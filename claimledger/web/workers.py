"""Several server processes on one port, each with a listening socket of its own (``SO_REUSEPORT``).

uvicorn's ``--workers`` share one listening socket, and whichever process wakes first accepts every connection
waiting: 20 keep-alive clients connecting at once landed all on one of two workers in 4 of 5 trials, and a
keep-alive connection stays where it landed, so one process queued every request while the other idled. With a
socket per process the kernel spreads new connections over them by their addresses' hash. The supervisor here
starts the processes, replaces one that ends, and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
import threading
from multiprocessing.process import BaseProcess

import uvicorn
from uvicorn.config import STARTUP_FAILURE

from ..errors import ClaimledgerError

APP = "claimledger.web.app:create_app"
_OPTIONS = {"factory": True, "log_level": "warning", "access_log": False}  # a log line per request costs CPU


def serve(host: str, port: int, workers: int, *, app: str = APP) -> None:
    """Run ``workers`` processes of ``app`` (an app factory's import path; the app builds itself from the
    environment) on ``host``:``port`` until SIGINT or SIGTERM."""
    if not hasattr(socket, "SO_REUSEPORT"):  # not on this system: uvicorn's shared socket
        uvicorn.run(app, host=host, port=port, workers=workers, **_OPTIONS)  # type: ignore[arg-type]
        return
    _check_free(host, port)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no connections or threads inherited

    def start() -> BaseProcess:
        process = spawn.Process(target=_worker, args=(app, host, port), daemon=True)
        process.start()
        return process

    stop = threading.Event()
    handlers = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stop.wait(0.5):
            for i, process in enumerate(processes):
                if process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILURE:  # the app or its socket: a new process would fail again
                    raise ClaimledgerError(
                        "a server process could not start", hint="see its message above; fix it and serve again"
                    )
                print(f"claimledger: server process {process.pid} ended ({process.exitcode}); starting another",
                      file=sys.stderr, flush=True)  # fmt: skip
                processes[i] = start()
    finally:
        for process in processes:
            process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for process in processes:
            process.join()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _worker(app: str, host: str, port: int) -> None:
    """One process: the app on a socket of its own. Ends with ``STARTUP_FAILURE`` unless it started serving (as
    uvicorn does when the app cannot be built), so the supervisor stops instead of starting it again and again."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, **_OPTIONS))  # type: ignore[arg-type]
    try:
        sock = _listen(host, port, server.config.backlog)
    except OSError as exc:  # taken since the supervisor's check
        print(f"claimledger: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _check_free(host: str, port: int) -> None:
    """Fail now if something listens on the port: another server's ``SO_REUSEPORT`` sockets would otherwise
    share it with ours, each taking a part of the connections. A bind without ``SO_REUSEPORT`` fails then."""
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT is no obstacle
        probe.bind((host, port))
    except OSError as exc:
        raise ClaimledgerError(
            f"cannot listen on {host}:{port}: {exc.strerror}",
            hint="stop the program using that port, or choose another with --port",
        ) from exc
    finally:
        probe.close()
