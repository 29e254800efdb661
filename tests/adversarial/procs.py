"""Child processes and loopback listeners for the adversarial suite.

Every hostile run happens in a child process under a memory rlimit and a
timeout, so a leak, a hang or a memory blow-up fails one test instead of the
whole session:

* ``run_cli`` starts ``sys.executable -m newsbrief ...`` (the real entry point).
* ``ForkRunner`` forks the already-imported test process and calls the console
  script's ``main()`` in the child; it skips the 2-second interpreter start-up,
  which lets the render matrix run dozens of cases cheaply.
* ``Listener`` is a loopback TCP server that records every connection, so a test
  can assert that nothing was fetched from it.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Address-space cap for ``python -m newsbrief`` children (the baseline needs well under 1 GiB).
CHILD_MEMORY_BYTES = 3 * 1024**3
#: Extra address space a forked child may use on top of the test process's own.
FORK_EXTRA_MEMORY_BYTES = 2 * 1024**3
#: Seconds a child may run before it is killed and the case counts as a hang.
CHILD_TIMEOUT_SECONDS = 90.0


@dataclass
class Run:
    """The outcome of one child run."""

    argv: tuple[str, ...]
    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    def describe(self) -> str:
        """A short account for assertion messages."""
        state = "TIMED OUT" if self.timed_out else f"exit {self.returncode}"
        return f"{' '.join(self.argv)[:300]} -> {state}\nstderr:\n{self.err[-3000:]}"


def _limit_memory(limit: int) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_COLOR"] = "1"
    env["TERM"] = "dumb"
    return env


def run_cli_many(
    argvs: Sequence[Sequence[str]],
    *,
    cwd: Path,
    memory: int = CHILD_MEMORY_BYTES,
    timeout: float = CHILD_TIMEOUT_SECONDS,
    parallel: int = 2,
    stdin: dict[int, Path] | None = None,
) -> list[Run]:
    """Run ``python -m newsbrief ARGV`` for each argv, ``parallel`` at a time.

    ``stdin`` maps an argv's index to a file fed to that child's standard input.
    """
    pending = list(enumerate(argvs))
    running: dict[int, tuple[subprocess.Popen[bytes], float, Path, Path]] = {}
    results: dict[int, Run] = {}
    logs = cwd / ".child-logs"
    logs.mkdir(exist_ok=True)
    while pending or running:
        while pending and len(running) < parallel:
            i, argv = pending.pop(0)
            out, err = logs / f"{i}.out", logs / f"{i}.err"
            feed = (stdin or {}).get(i)
            with out.open("wb") as fo, err.open("wb") as fe, open(feed or os.devnull, "rb") as fi:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "newsbrief", *argv],
                    cwd=cwd,
                    stdin=fi,
                    stdout=fo,
                    stderr=fe,
                    env=_child_env(),
                    preexec_fn=lambda: _limit_memory(memory),
                    start_new_session=True,
                )
            running[i] = (proc, time.monotonic(), out, err)
        time.sleep(0.05)
        for i, (proc, started, out, err) in list(running.items()):
            elapsed = time.monotonic() - started
            timed_out = proc.poll() is None and elapsed > timeout
            if timed_out:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if proc.returncode is None:
                continue
            del running[i]
            results[i] = Run(
                tuple(argvs[i]), proc.returncode, out.read_bytes(), err.read_bytes(),
                timed_out=timed_out, seconds=elapsed,
            )  # fmt: skip
    return [results[i] for i in range(len(argvs))]


def run_cli(argv: Sequence[str], *, cwd: Path, **kwargs: float) -> Run:
    """One ``python -m newsbrief ARGV`` child under the memory rlimit and timeout."""
    return run_cli_many([argv], cwd=cwd, parallel=1, **kwargs)[0]  # type: ignore[arg-type]


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _fork_child(argv: Sequence[str], out: Path, err: Path, cwd: Path, memory: int) -> None:
    """Runs in the forked child: plain stdio on files, the CLI's ``main()``, then ``_exit``."""
    code = 1
    try:
        fd_in = os.open(os.devnull, os.O_RDONLY)
        fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd_in, 0)
        os.dup2(fd_out, 1)
        os.dup2(fd_err, 2)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        os.environ.update({"NO_COLOR": "1", "TERM": "dumb"})
        os.chdir(cwd)
        _limit_memory(memory)
        sys.argv = ["newsbrief", *argv]
        from newsbrief.cli import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # what an uncaught exception would print from the real script
        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


_WARM = False


def warm_up(folder: Path) -> None:
    """Run the whole pipeline once in this process so forked children start with it loaded.

    (Imports, the Punkt tables, the NER model, templates and fonts: without this every
    child pays several seconds of start-up.) Failures are ignored: the children will
    report them properly.
    """
    global _WARM
    if _WARM:
        return
    _WARM = True
    sample = folder / ".warm-up.txt"
    sample.write_text(
        "Warm Up\n\nThe council met on Monday in Leeds. Mayor Ann Lee said 40 roads would be "
        'repaired. "We start now," she said.\n',
        encoding="utf-8",
    )
    with contextlib.suppress(Exception):
        from newsbrief.pipeline import build_briefing
        from newsbrief.render import render, render_pdf

        briefing = build_briefing([str(sample)])
        for fmt in ("md", "html", "json"):
            render(briefing, fmt)
        render_pdf(briefing)


@dataclass
class ForkRunner:
    """Run many CLI invocations in forked children of this (already-imported) process."""

    workdir: Path
    timeout: float = CHILD_TIMEOUT_SECONDS
    parallel: int = 2
    extra_memory: int = FORK_EXTRA_MEMORY_BYTES
    _count: int = field(default=0, init=False)

    def run_many(self, argvs: Sequence[Sequence[str]], cwd: Path | None = None) -> list[Run]:
        """Run each argv (without the leading ``newsbrief``) and collect the results in order."""
        import newsbrief.cli  # noqa: F401  (import once here so children start warm)

        warm_up(self.workdir)
        memory = _address_space() + self.extra_memory
        pending = list(enumerate(argvs))
        running: dict[int, tuple[int, float, Path, Path]] = {}
        results: dict[int, Run] = {}
        while pending or running:
            while pending and len(running) < self.parallel:
                i, argv = pending.pop(0)
                running[i] = self._start(argv, cwd or self.workdir, memory)
            time.sleep(0.02)
            for i, (pid, started, out, err) in list(running.items()):
                done, status = os.waitpid(pid, os.WNOHANG)
                elapsed = time.monotonic() - started
                timed_out = not done and elapsed > self.timeout
                if timed_out:
                    os.kill(pid, signal.SIGKILL)
                    done, status = os.waitpid(pid, 0)
                if not done:
                    continue
                del running[i]
                code = os.waitstatus_to_exitcode(status)
                results[i] = Run(
                    tuple(argvs[i]), code, out.read_bytes(), err.read_bytes(),
                    timed_out=timed_out, seconds=elapsed,
                )  # fmt: skip
        return [results[i] for i in range(len(argvs))]

    def run(self, argv: Sequence[str], cwd: Path | None = None) -> Run:
        return self.run_many([argv], cwd)[0]

    def _start(self, argv: Sequence[str], cwd: Path, memory: int) -> tuple[int, float, Path, Path]:
        self._count += 1
        out = self.workdir / f".fork-{self._count}.out"
        err = self.workdir / f".fork-{self._count}.err"
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            _fork_child(argv, out, err, cwd, memory)
        return pid, time.monotonic(), out, err


class Listener:
    """A loopback TCP server that records every connection (and the request line it got)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.host = host
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    first = conn.recv(2048).split(b"\r\n", 1)[0]
                except OSError:
                    first = b""
                self.requests.append(first.decode("latin-1") or "<connection>")
                body = b"GIF89a" + b"\0" * 16
                with contextlib.suppress(OSError):
                    conn.sendall(
                        b"HTTP/1.0 200 OK\r\nContent-Type: image/gif\r\nContent-Length: "
                        + str(len(body)).encode()
                        + b"\r\n\r\n"
                        + body
                    )

    def hits(self, token: str = "") -> list[str]:
        """Recorded request lines containing ``token`` (all of them when empty)."""
        return [r for r in self.requests if token in r]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def fork_call(
    fn: Callable[[], object], *, timeout: float, extra_memory: int = FORK_EXTRA_MEMORY_BYTES
) -> tuple[object | None, str]:
    """Run ``fn()`` in a forked child under a memory cap; returns (JSON-able result, problem).

    ``problem`` is "" on success, "timed out" when the child was killed, or the
    exception the child raised.
    """
    memory = _address_space() + extra_memory
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_end)
        try:
            _limit_memory(memory)
            payload = json.dumps({"ok": fn()})
        except BaseException as exc:
            payload = json.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]})
        os.write(write_end, payload.encode())
        os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None, "timed out"
            chunk = pipe.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    if not chunks:
        return None, "child died without a result"
    data = json.loads(b"".join(chunks))
    return data.get("ok"), data.get("error", "")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
