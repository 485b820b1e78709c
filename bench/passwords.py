"""Passwords: the strength meter as one types, the offline hash file, and the online audit.

1. Meter: a real StrengthMeter in a QApplication (offscreen unless a platform is set), fed a corpus one
   character every 40 ms by a QTimer, like a fast typist. Measured: the longest the GUI thread was blocked (a
   1 ms timer records the gaps between its ticks; goal <= one 16.7 ms frame) and the time from the last
   keystroke of an input to the meter showing that input's result (goal: p99 <= 100 ms). The baselines, from
   the same run: the timer's gaps with the app idle, and estimate() of each input alone (a floor no GUI can beat).
2. Offline: a sorted file of 20 million `SHA1:COUNT` lines (2 million when the disk is short), made in a temp
   folder and deleted after. 1,000 look-ups (half present, half absent) with OfflineHashFile, warm, against
   one linear pass over the file for one hash (goal: >= 1,000x faster; p99 <= 1 ms).
3. Online audit: a stand-in range server on 127.0.0.1 in a subprocess (40 ms per request, bounded in requests
   and lifetime), 400 passwords with 400 unique prefixes. What a person waits for: audit()'s wall time, rating
   included, against the network's limit (unique prefixes / 8 in flight x the 40 ms the server adds; goal:
   <= 1.25x that limit); audit() against audit() with one request in flight (goal: >= 6x faster); the most
   requests in flight the server saw (goal: never more than 8). Never the real service.
   `python bench/passwords.py --audit` runs this part alone.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from privacyapp.core.audit import IN_FLIGHT, Login, audit
from privacyapp.core.breach import OfflineHashFile, RangeClient, sha1_hex
from privacyapp.core.passwords import estimate
from privacyapp.core.redact import Secret

ROOT = Path(__file__).resolve().parent.parent
FRAME_MS = 1000 / 60
KEY_INTERVAL_MS = 40
METER_GOAL_MS = 100.0

# Ordinary passwords and passphrases, as people type them.
ORDINARY = [
    "password123",
    "letmein",
    "sunshine",
    "iloveyou",
    "dragon",
    "monkey123",
    "football",
    "hunter2",
    "abc123",
    "trustno1",
    "welcome1",
    "baseball!",
    "Summer2026!",
    "P@ssw0rd",
    "michael1987",
    "qwerty2024!",
    "Tr0ub4dor&3",
    "ilovemycat2020",
    "Xk9#mP2$vL5q",
    "Zebra!Piano7Cloud",
    "correct horse battery staple",
    "my dog is called rex",
    "mary had a little lamb",
    "blue-river-castle-lemon",
    "purple-monkey-dishwasher-42",
]
# Slow for stock zxcvbn 4.5.0, all under 72 characters. Its l33t matcher enumerates every combination of
# substitutions for the l33t characters present (4 @ 8 ( { [ < 3 6 9 1 ! | 7 0 $ 5 + % 2: 736 combinations
# when all are there) and runs the O(n²) dictionary matcher over the whole input for each: 2 to 3 s on a
# 71-character input, against 20 to 120 ms for keyboard patterns, runs of digits and symbols, dates or repeats.
# privacyapp's own l33t matcher (core/l33t.py) rates them in ~10 ms; they stay here to show it.
_L33T = "4@8({[<3691!|70$5+%2"
CRAFTED = [
    (_L33T * 4)[:71],
    "{%86($0$|<($4|724063%(1444+4|<74530$+3!330947+([9(1575<99%$5|%@$3|7[!+!",  # a random draw from them
    ("!1@2#3$4%5^6&7*8(9)0|+{[<" * 3)[:71],
]

OFFLINE_LINES = 20_000_000
OFFLINE_LINES_SMALL = 2_000_000
OFFLINE_LOOKUPS = 1_000
CHUNK = 1_000_000

AUDIT_PASSWORDS = 400
ROWS_PER_ANSWER = 950  # the real service's padded answers hold 800 to 1,000 rows (about 37 KB)
SERVER_DELAY = 0.040
SERVER_MAX_REQUESTS = 2_000
SERVER_LIFETIME = 150.0  # seconds; the server stops by itself after this whatever happens


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest sample with at least q of them at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- 1. the strength meter ---------------------------------------------------------------------------------------


@dataclass
class Typed:
    text: str
    crafted: bool
    floor_ms: float  # estimate() alone, on this thread, warm
    score: int  # what estimate() gives
    latency_ms: float | None = None  # last keystroke to the meter's `rated`; None: never came
    right: bool = False  # the meter shows the score estimate() gives for the whole input


@dataclass
class MeterRun:
    inputs: list[Typed]
    idle_gap_ms: float  # the longest gap of the 1 ms timer with nothing going on: the baseline
    gaps: dict[str, list[float]] = field(default_factory=dict)  # phase -> gaps between ticks, ms
    platform: str = ""
    rating_starts: int = 0  # rating children started, the warm-up's included
    rating_start_ms: float = 0.0  # how long the last one took to be ready


def measure_meter() -> MeterRun:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from privacyapp.ui.tasks import Tasks
    from privacyapp.ui.widgets.passphrase import PassphraseField, StrengthMeter

    estimate(Secret("warm up: import zxcvbn and build its dictionaries"))
    inputs = []
    for text, crafted in [(t, False) for t in ORDINARY] + [(t, True) for t in CRAFTED]:
        started = time.perf_counter_ns()
        score = estimate(Secret(text)).score
        inputs.append(Typed(text, crafted, (time.perf_counter_ns() - started) / 1e6, score))

    from privacyapp.ui.application import PrivacyApplication  # the app's own set-up (switch interval)

    app = QApplication.instance() or PrivacyApplication(["bench"])
    window = QWidget()
    layout = QVBoxLayout(window)
    tasks = Tasks(window)
    passphrase = PassphraseField("Password to check")
    from privacyapp.core.strength_worker import StrengthWorker

    worker = StrengthWorker()  # as the Passwords page does: rating in a child process
    worker.warm_up()
    meter = StrengthMeter(tasks, worker=worker)
    passphrase.textChanged.connect(meter.set_text)  # as the Passwords page does
    layout.addWidget(passphrase)
    layout.addWidget(meter)
    window.resize(480, 120)
    window.show()

    clock = QElapsedTimer()
    clock.start()
    run = MeterRun(inputs, 0.0, {"idle": [], "ordinary": [], "crafted": []}, app.platformName())
    phase = ["idle"]
    last_tick = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        run.gaps[phase[0]].append((now - last_tick[0]) / 1e6)
        last_tick[0] = now

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    ticker.timeout.connect(tick)

    state = {"index": 0, "pos": 0, "step": "typing", "last_key": 0}
    keys = QTimer()
    keys.setTimerType(Qt.TimerType.PreciseTimer)
    keys.setInterval(KEY_INTERVAL_MS)

    def start_input() -> None:
        state.update(pos=0, step="typing")
        phase[0] = "crafted" if inputs[state["index"]].crafted else "ordinary"
        keys.start()

    def key() -> None:
        typed = inputs[state["index"]]
        QTest.keyClick(passphrase.edit, typed.text[state["pos"]])  # a key press and release, as typed
        state["pos"] += 1
        if state["pos"] == len(typed.text):
            state["last_key"] = clock.nsecsElapsed()
            keys.stop()
            state["step"] = "waiting"

    def rated(result: Any) -> None:
        now = clock.nsecsElapsed()
        typed = inputs[state["index"]]
        if state["step"] == "waiting":
            # Any result shown after the last keystroke is the whole input's: older ones are dropped.
            typed.latency_ms = (now - state["last_key"]) / 1e6
            typed.right = passphrase.edit.text() == typed.text and result.score == typed.score
            state["step"] = "clearing"
            passphrase.edit.clear()  # the meter rates "" next; the next input starts when that is shown
        elif state["step"] == "clearing":
            state["index"] += 1
            if state["index"] == len(inputs):
                app.quit()
            else:
                QTimer.singleShot(KEY_INTERVAL_MS, start_input)

    keys.timeout.connect(key)
    meter.rated.connect(rated)
    ticker.start()
    QTimer.singleShot(1000, start_input)  # one second idle first: the timer's own gaps, the baseline
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(app.quit)
    watchdog.start(120_000)  # whatever happens, the meter part ends
    app.exec()
    for timer in (watchdog, keys, ticker):
        timer.stop()
    window.close()
    window.deleteLater()
    app.processEvents()
    run.rating_starts, run.rating_start_ms = worker.starts, worker.start_cost * 1000
    worker.close()
    run.idle_gap_ms = max(run.gaps["idle"][50:], default=0.0)  # the first ticks pay for the first paint
    return run


def report_meter(run: MeterRun) -> None:
    ordinary = [t for t in run.inputs if not t.crafted]
    crafted = [t for t in run.inputs if t.crafted]
    chars = sum(len(t.text) for t in run.inputs)
    print(
        f"passwords: strength meter, {len(ordinary)} ordinary inputs and {len(crafted)} crafted ones, {chars} "
        f"keystrokes {KEY_INTERVAL_MS} ms apart ({run.platform})"
    )
    typing = run.gaps["ordinary"] + run.gaps["crafted"]
    worst = max(typing, default=float("nan"))
    print(
        f"  GUI thread blocked at most {worst:.1f} ms (1 ms timer, longest gap between ticks; "
        f"{len(typing):,} ticks; p99 {percentile(typing, 0.99):.1f} ms; idle baseline {run.idle_gap_ms:.1f} ms)"
    )
    for name in ("ordinary", "crafted"):
        gaps = run.gaps[name]
        if gaps:
            print(
                f"    while typing {name} inputs and waiting for their results: longest gap {max(gaps):.1f} ms, "
                f"p99 {percentile(gaps, 0.99):.1f} ms, {sum(g > FRAME_MS for g in gaps)} longer than a frame"
            )
    print(f"  = {worst / FRAME_MS:.2f} frames of 16.7 ms (goal <= 1): {met(worst <= FRAME_MS)}")

    def latencies(group: list[Typed]) -> list[float]:
        return [t.latency_ms for t in group if t.latency_ms is not None]

    missing = [t for t in run.inputs if t.latency_ms is None]
    wrong = [t for t in run.inputs if t.latency_ms is not None and not t.right]
    if missing or wrong:
        print(f"  ! {len(missing)} inputs never got a result, {len(wrong)} showed another score than estimate()")
    for label, group in (("ordinary", ordinary), ("all, crafted included", run.inputs)):
        values = latencies(group)
        if not values:
            continue
        p99, median = percentile(values, 0.99), statistics.median(values)
        floor = statistics.median(t.floor_ms for t in group)
        print(
            f"  last keystroke to result shown, {label} ({len(values)}): median {median:.0f} ms, p99 {p99:.0f} ms "
            f"(estimate() alone: median {floor:.1f} ms)"
        )
        print(f"    p99 = {p99 / METER_GOAL_MS:.2f} of the 100 ms goal: {met(p99 <= METER_GOAL_MS)}")
    from privacyapp.ui.widgets.passphrase import DEBOUNCE_MS

    added = [t.latency_ms - t.floor_ms for t in ordinary if t.latency_ms is not None]
    if added:
        print(
            f"    of which the meter adds (median of result minus estimate() alone) {statistics.median(added):.0f} ms;"
            f" its debounce alone is {DEBOUNCE_MS} ms"
        )
    print(
        f"  rating child started {run.rating_starts} time(s), the warm-up's included (each start takes "
        f"{run.rating_start_ms:.0f} ms before it can rate: a restart while typing shows in the p99)"
    )
    for t in crafted:
        latency = "never" if t.latency_ms is None else f"{t.latency_ms:.0f} ms"
        print(
            f"  crafted, {len(t.text)} characters {t.text[:12]!r}…: estimate() alone {t.floor_ms:.0f} ms "
            f"(the floor), shown after {latency}"
        )


# --- 2. the offline hash file ------------------------------------------------------------------------------------


def make_hash_file(path: Path, lines: int, present: int, rng: random.Random) -> dict[str, int]:
    """`lines` sorted `SHA1:COUNT` lines: line i starts with i * step in 8 hex digits (increasing, so the file
    is sorted without sorting), then 32 random hex digits; and a last line in range FFFFF, as the real file has.
    Returns `present` of its hashes and their counts."""
    step = (1 << 32) // lines
    counts = [str(c) for c in range(1, 998)]
    wanted = sorted(rng.sample(range(lines), present))
    samples: dict[str, int] = {}
    with path.open("w", encoding="ascii", newline="\n") as out:
        for start in range(0, lines, CHUNK):
            size = min(CHUNK, lines - start)
            prefixes = map("{:08X}".format, range(start * step, (start + size) * step, step))
            randoms = os.urandom(16 * size).hex(" ", 16).upper().split(" ")
            cycle = itertools.islice(itertools.cycle(counts), start % 997, start % 997 + size)
            out.write("".join(map("{}{}:{}\n".format, prefixes, randoms, cycle)))
            while wanted and wanted[0] < start + size:
                i = wanted.pop(0)
                samples[f"{i * step:08X}{randoms[i - start]}"] = int(counts[i % 997])
        # the downloader's file always runs to the last range: a file that stops before it was cut short
        out.write("F" * 40 + ":1\n")
    return samples


def measure_offline() -> None:
    rng = random.Random(20261121)
    folder = Path(tempfile.mkdtemp(prefix="privacyapp-bench-"))
    try:
        free = shutil.disk_usage(folder).free
        lines = OFFLINE_LINES if free >= 2 * 1024**3 else OFFLINE_LINES_SMALL
        path = folder / "pwned-passwords-sha1-ordered-by-hash.txt"
        started = time.perf_counter()
        present = make_hash_file(path, lines, OFFLINE_LOOKUPS // 2, rng)
        made = time.perf_counter() - started
        size = path.stat().st_size
        absent = {f"{rng.getrandbits(160):040X}": 0 for _ in range(OFFLINE_LOOKUPS - len(present))}
        targets = list(present.items()) + list(absent.items())
        rng.shuffle(targets)

        hashes = OfflineHashFile(path)
        try:
            first, warm, wrong = [], [], 0
            for samples in (first, warm):  # the first pass warms; the second is the one that counts
                for digest, count in targets:
                    t0 = time.perf_counter_ns()
                    found = hashes.lookup(digest)
                    samples.append((time.perf_counter_ns() - t0) / 1e6)
                    wrong += found != count
        finally:
            hashes.close()

        target = next(iter(absent)).encode("ascii")  # absent: the scan reads every line, as it must to say so
        started = time.perf_counter()
        with path.open("rb") as scan:
            for line in scan:
                if line.startswith(target):
                    break
        linear_ms = (time.perf_counter() - started) * 1000
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    median, p99 = statistics.median(warm), percentile(warm, 0.99)
    short = "" if lines == OFFLINE_LINES else f" (only {free / 1024**3:.1f} GiB free: the smaller file)"
    print(
        f"passwords: offline hash file of {lines:,} lines ({size / 1024**2:,.0f} MiB){short}, made in {made:.1f} s; "
        f"{len(targets):,} look-ups, {len(present)} present and {len(absent)} absent"
    )
    if wrong:
        print(f"  ! {wrong} look-ups gave the wrong count")
    print(
        f"  look-up, warm: median {median * 1000:.0f} µs, p99 {p99 * 1000:.0f} µs, worst {max(warm) * 1000:.0f} µs "
        f"(first pass: median {statistics.median(first) * 1000:.0f} µs, p99 {percentile(first, 0.99) * 1000:.0f} µs)"
    )
    print(f"    p99 = {p99:.3f} of the 1 ms goal: {met(p99 <= 1.0)}")
    ratio = linear_ms / median
    print(
        f"  one linear pass for one absent hash, line by line: {linear_ms:,.0f} ms; "
        f"look-up is {ratio:,.0f} x faster than one linear pass (goal >= 1,000x): {met(ratio >= 1000)}"
    )


# --- 3. the online audit -----------------------------------------------------------------------------------------


def serve(rows_file: str) -> None:
    """The stand-in range server, run in its own process (`python -m bench.passwords --serve ROWS`): prints its
    port, answers `GET /range/ABCDE` after SERVER_DELAY, and `GET /stats` (`?reset` to start counting again).
    Stops when its standard input closes, after SERVER_MAX_REQUESTS range requests, or after SERVER_LIFETIME."""
    ranges: dict[str, list[str]] = json.loads(Path(rows_file).read_text())
    bodies = {prefix: _answer(prefix, rows) for prefix, rows in ranges.items()}  # made before the first request
    lock = threading.Lock()
    stats = {"in_flight": 0, "max_in_flight": 0, "requests": 0, "total": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real service
        disable_nagle_algorithm = True  # else headers and body, written apart, wait for a delayed ACK (40 ms)

        def send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/stats"):
                with lock:
                    answer = {**stats, "cpu": time.process_time()}
                    if "reset" in self.path:
                        stats.update(max_in_flight=0, requests=0)
                self.send(200, json.dumps(answer).encode(), "application/json")
                return
            with lock:
                stats["in_flight"] += 1
                stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
                stats["requests"] += 1
                stats["total"] += 1
                over = stats["total"] >= SERVER_MAX_REQUESTS
            try:
                prefix = self.path.removeprefix("/range/").upper()
                time.sleep(SERVER_DELAY)
                if prefix not in bodies:
                    self.send(404, b"")
                else:
                    self.send(200, bodies[prefix])
            finally:
                with lock:
                    stats["in_flight"] -= 1
                if over:
                    threading.Thread(target=server.shutdown, daemon=True).start()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 64  # the default 5 drops some of 8 connections opened at once (1 s to retry)

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stop = threading.Timer(SERVER_LIFETIME, server.shutdown)
    stop.daemon = True
    stop.start()

    def until_stdin_closes() -> None:
        sys.stdin.read()
        server.shutdown()

    threading.Thread(target=until_stdin_closes, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    server.server_close()


def _answer(prefix: str, rows: list[str]) -> bytes:
    """What the real service sends with Add-Padding: `rows`, and random ones up to ROWS_PER_ANSWER (a count
    of 0 for padding, else a small count), sorted, CRLF."""
    rng = random.Random(prefix)
    filler = [f"{rng.getrandbits(140):035X}:{rng.choice((0, 0, 1, 2, 5, 40))}" for _ in range(ROWS_PER_ANSWER)]
    return "\r\n".join(sorted(rows + filler[: ROWS_PER_ANSWER - len(rows)])).encode()


@contextlib.contextmanager
def range_server(ranges: dict[str, list[str]], folder: Path) -> Iterator[str]:
    rows_file = folder / "ranges.json"
    rows_file.write_text(json.dumps(ranges))
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.passwords", "--serve", str(rows_file)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError("the stand-in range server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_stats(base_url: str, *, reset: bool = False) -> dict[str, Any]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never through a proxy
    with opener.open(f"{base_url}/stats{'?reset' if reset else ''}", timeout=5) as answer:
        result: dict[str, Any] = json.loads(answer.read())
    return result


def audit_data(rng: random.Random) -> tuple[list[Login], dict[str, int], dict[str, list[str]]]:
    """400 passwords with 400 different prefixes; half of them in the server's answers with a count."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*?-_"
    logins, expected, ranges = [], {}, {}
    while len(logins) < AUDIT_PASSWORDS:
        password = "".join(rng.choice(alphabet) for _ in range(rng.randint(8, 16)))
        digest = sha1_hex(Secret(password))
        if digest[:5] in ranges:
            continue
        count = rng.randint(1, 50_000) if len(logins) % 2 else 0
        rows = [f"{rng.getrandbits(140):035X}:{rng.randint(1, 99)}" for _ in range(3)]
        rows += [f"{rng.getrandbits(140):035X}:0" for _ in range(2)]  # padding
        if count:
            rows.append(f"{digest[5:]}:{count}")
        ranges[digest[:5]] = sorted(rows)
        expected[password] = count
        logins.append(Login(f"site{len(logins)}.example", f"user{len(logins)}", Secret(password)))
    return logins, expected, ranges


@contextlib.contextmanager
def no_proxy_for_loopback() -> Iterator[None]:
    """The range client honours HTTP(S)_PROXY from the environment: keep loopback requests on this computer."""
    saved = {name: os.environ.get(name) for name in ("NO_PROXY", "no_proxy")}
    for name, value in saved.items():
        os.environ[name] = ",".join(filter(None, [value, "127.0.0.1", "localhost"]))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def measure_audit() -> None:
    rng = random.Random(400)
    logins, expected, ranges = audit_data(rng)
    with (
        tempfile.TemporaryDirectory(prefix="privacyapp-bench-") as folder,
        no_proxy_for_loopback(),
        range_server(ranges, Path(folder)) as base_url,
    ):
        assert base_url.startswith("http://127.0.0.1:")
        # One at a time: audit() itself with one request in flight, a fresh client (no cache)
        server_stats(base_url, reset=True)
        started = time.perf_counter()
        one_by_one_results = audit(logins, RangeClient(base_url=base_url), in_flight=1)
        one_by_one = time.perf_counter() - started
        one_by_one_server = server_stats(base_url)
        wrong = sum(
            r.breach_count != expected[login.password.reveal()]
            for r, login in zip(one_by_one_results, logins, strict=True)
        )

        # audit() with its default IN_FLIGHT, a fresh client (no cache)
        fetched_at: list[float] = []  # wall time as each prefix comes back
        server_stats(base_url, reset=True)
        started = time.perf_counter()
        results = audit(
            logins, RangeClient(base_url=base_url), progress=lambda _d, _t: fetched_at.append(time.perf_counter())
        )
        elapsed = time.perf_counter() - started
        after = server_stats(base_url)
        ratings = rating_time(logins)
        wrong += sum(
            r.breach_count != expected[login.password.reveal()] for r, login in zip(results, logins, strict=True)
        )

        # Asking for more than allowed: the cap of 8 must hold
        server_stats(base_url, reset=True)
        audit(logins, RangeClient(base_url=base_url), in_flight=50)
        greedy = server_stats(base_url)

    n = len(logins)
    speedup = one_by_one / elapsed
    limit = math.ceil(len(ranges) / IN_FLIGHT) * SERVER_DELAY  # the network alone: rounds of IN_FLIGHT requests
    checks = fetched_at[-1] - started  # until the last answer was in
    print(
        f"passwords: online audit of {n} passwords with {len(ranges)} unique prefixes, stand-in server on "
        f"127.0.0.1 in a subprocess ({SERVER_DELAY * 1000:.0f} ms per request), IN_FLIGHT = {IN_FLIGHT}"
    )
    if wrong:
        print(f"  ! {wrong} counts differ from what the server holds")
    print(
        f"  the network's limit: {len(ranges)} prefixes / {IN_FLIGHT} in flight x {SERVER_DELAY * 1000:.0f} ms = "
        f"{limit:.2f} s"
    )
    print(
        f"  audit(), rating included: {elapsed:.2f} s = {elapsed / limit:.2f}x the limit (goal <= 1.25x): "
        f"{met(elapsed <= 1.25 * limit)}"
    )
    print(
        f"    its last answer came at {checks:.2f} s ({checks / limit:.2f}x); rating the {n} passwords alone, one "
        f"after the other with no network, takes {ratings:.2f} s: done while the requests wait"
    )
    print(
        f"  one at a time (audit() with in_flight=1): {one_by_one:.2f} s ({one_by_one_server['requests']} requests); "
        f"audit(): {elapsed:.2f} s ({after['requests']} requests)"
    )
    print(f"  audit() is {speedup:.1f}x faster (goal >= 6x): {met(speedup >= 6)}")
    worst = max(after["max_in_flight"], greedy["max_in_flight"])
    print(
        f"  most requests in flight at the server: {after['max_in_flight']} (in_flight=50 asked: "
        f"{greedy['max_in_flight']}) (goal: never more than 8): {met(worst <= 8)}"
    )


def rating_time(logins: Sequence[Login]) -> float:
    """Seconds to rate every password with zxcvbn alone, one after the other, as audit() did after its checks."""
    started = time.perf_counter()
    for login in logins:
        estimate(login.password)
    return time.perf_counter() - started


def main() -> int:
    if sys.argv[1:2] == ["--audit"]:  # the online part alone: no GUI, no 20-million-line file
        measure_audit()
        return 0
    report_meter(measure_meter())
    print()
    measure_offline()
    print()
    measure_audit()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
