"""The benchmark suite: ``make bench`` (or ``.venv/bin/python bench/run.py``). See bench/README.md.

Environment: BENCH_SCALE (S, M or L; default M), BENCH_WORKERS (gunicorn workers, default 2),
BENCH_SECONDS (intake duration, default 30), BENCH_CONNECTIONS (default 16), BENCH_PEER=0 to
skip django-helpdesk, BENCH_SETTINGS (Django settings module, default styrbord.settings).
Everything it starts listens on 127.0.0.1 and is stopped before it exits.
"""

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess  # noqa: S404 - the bench runs its own tools
import threading
import time
import urllib.request
from datetime import datetime
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RUN = BENCH / ".run"
PEER = BENCH / ".peer"
VENV = ROOT / ".venv" / "bin"
SCALE = os.environ.get("BENCH_SCALE", "M").upper()
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
QUEUE_REQUESTS, QUEUE_CONCURRENCY = 200, 4
OURS_PORT, PEER_PORT, REDIS_PORT = 8111, 8112, 6391
DB = f"styrbord_bench_{SCALE.lower()}"
PEER_DB = f"helpdesk_bench_{SCALE.lower()}"
SETTINGS = os.environ.get("BENCH_SETTINGS", "styrbord.settings")
HOST = "127.0.0.1"
started_processes = []


def say(message):
    print(message, flush=True)


def sh(*command, env=None, check=True, cwd=None, timeout=3600):
    done = subprocess.run(  # noqa: S603 - fixed commands, local arguments
        command,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def psql(database, sql):
    return sh("psql", "-X", "-At", "-d", database, "-c", sql).strip()


def database_exists(name):
    return psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608


def ours_env():
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres:///{DB}",
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STYRBORD_VAR_DIR=str(RUN / "var"),
        STYRBORD_STATIC_ROOT=str(RUN / "static"),
    )
    if shutil.which("redis-server"):
        env["REDIS_URL"] = f"redis://{HOST}:{REDIS_PORT}/0"
    return env


def start(command, *, env=None, cwd=None, log):
    process = subprocess.Popen(  # noqa: S603
        command,
        env=env,
        cwd=cwd,
        stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,  # noqa: SIM115
    )
    started_processes.append(process)
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process in started_processes:
        started_processes.remove(process)


def wait_for(url, headers=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1 only
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status < 500:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def worker_peak_rss_mb(master):
    """VmHWM (peak resident memory) of each gunicorn worker, the children of the master process."""
    peaks = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", status, re.M):
            found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
            if found:
                peaks.append(int(found.group(1)) / 1024)
    return max(peaks) if peaks else None


def gunicorn_master(process):
    """The gunicorn master (our Popen is it, as gunicorn runs in the foreground)."""
    return process.pid


def db_counters(database):
    psql(database, "SELECT pg_stat_clear_snapshot()")
    commits = int(psql(database, f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"))  # noqa: S608
    next_xid = int(psql(database, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"))
    return commits, next_xid


def wrk_intake(port, path, auth, bodies):
    bodies_file = RUN / f"bodies-{port}.jsonl"
    bodies_file.write_text("\n".join(json.dumps(body, ensure_ascii=False) for body in bodies) + "\n")
    env = dict(os.environ, BENCH_BODIES=str(bodies_file), BENCH_AUTH=auth)
    output = sh(
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "intake.lua"),
        f"http://{HOST}:{port}{path}",
        env=env,
        timeout=SECONDS + 60,
    )
    summary = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def closed_loop(port, path, headers, requests=QUEUE_REQUESTS, concurrency=QUEUE_CONCURRENCY):
    """``requests`` GETs from ``concurrency`` keep-alive connections; latencies in ms, bad statuses."""
    latencies, bad, lock = [], [], threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + 600  # bounded in time whatever the server does

    def worker():
        connection = HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            begun = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError as error:  # a timeout or a worker killed by gunicorn: an error, then a new connection
                status = type(error).__name__
                connection.close()
                connection = HTTPConnection(HOST, port, timeout=60)
            elapsed = (time.perf_counter() - begun) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    bad.append(status)
            if time.monotonic() > deadline:
                break
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    if len(latencies) < 2:
        return {"p50": None, "p95": None, "errors": len(bad), "n": len(latencies)}
    quantile = statistics.quantiles(sorted(latencies), n=100)
    return {"p50": quantile[49], "p95": quantile[94], "errors": len(bad), "n": len(latencies)}


def task(name, *args, env=None):
    output = sh(str(VENV / "python"), str(BENCH / "tasks.py"), name, *args, env=env or ours_env(), cwd=ROOT)
    return json.loads(output.strip().splitlines()[-1])


# Ours -----------------------------------------------------------------------------------------


def start_redis():
    """The cache, sessions and task queue of ours (the generator's changes already go through it)."""
    if "REDIS_URL" in ours_env():
        start(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--save", "", "--appendonly", "no"],
            log=RUN / "redis.log",
        )
        time.sleep(0.5)


def prepare_ours(results):
    env = ours_env()
    if not database_exists(DB):
        sh("createdb", DB)
    sh(str(VENV / "styrbord"), "migrate", "--noinput", "-v0", "--skip-checks", env=env)
    tickets = int(psql(DB, "SELECT count(*) FROM servicedesk_ticket"))
    if tickets == 0:
        say(f"Generating scale {SCALE} into {DB} ...")
        begun = time.monotonic()
        output = sh(str(VENV / "styrbord"), "generate", "--scale", SCALE, env=env, timeout=4 * 3600)
        results["load_s"] = time.monotonic() - begun
        (RUN / f"generate-{SCALE}.log").write_text(output)
        say(output)
    else:
        say(f"{DB} already holds {tickets} tickets: not generated again.")
        psql(DB, "VACUUM ANALYZE")  # planner statistics as a running system has them (autovacuum's work)
    if not (RUN / "static" / "staticfiles.json").exists() and not (RUN / "static").exists():
        sh(str(VENV / "styrbord"), "collectstatic", "--noinput", "-v0", "--skip-checks", env=env)


def measure_ours(results):
    env = ours_env()
    info = task("setup", env=env)
    results["tickets"], results["open_tickets"] = info["tickets"], info["open_tickets"]
    gunicorn = start(
        [str(VENV / "gunicorn"), "styrbord.wsgi", "--bind", f"{HOST}:{OURS_PORT}", "--workers", str(WORKERS)],
        env=env,
        cwd=ROOT,
        log=RUN / "gunicorn-ours.log",
    )
    try:
        wait_for(f"http://{HOST}:{OURS_PORT}/healthz")
        auth = f"Token {info['token']}"
        api = "/api/servicedesk/tickets/"
        closed_loop(OURS_PORT, api, {"Authorization": auth}, requests=20)  # warm both workers
        before_count = int(psql(DB, "SELECT count(*) FROM servicedesk_ticket"))
        before = db_counters(DB)
        results["intake"] = wrk_intake(OURS_PORT, api, auth, info["bodies"])
        time.sleep(1.5)
        after = db_counters(DB)
        created = int(psql(DB, "SELECT count(*) FROM servicedesk_ticket")) - before_count
        results["intake"].update(
            created=created,
            commits_per_ticket=(after[0] - before[0]) / max(created, 1),
            writes_per_ticket=(after[1] - before[1]) / max(created, 1),
        )
        cookie = {"Cookie": f"sessionid={info['session']}"}
        results["queue"] = closed_loop(OURS_PORT, "/servicedesk/queue/", cookie)
        results["api_list"] = closed_loop(OURS_PORT, api + "?status=open", {"Authorization": auth})
        results["api_all"] = closed_loop(OURS_PORT, api, {"Authorization": auth})
        results["rss_mb"] = worker_peak_rss_mb(gunicorn_master(gunicorn))
        stop(gunicorn)
        results["queries"] = task("query_counts", json.dumps(info["bodies"][0]), env=env)
        task("cleanup", env=env)  # the tickets the load created: the next run measures the same data
        for name in ("sla", "finance", "full_scan", "report"):
            say(f"  measuring {name} ...")
            results[name] = task(name, env=env)
    finally:
        stop(gunicorn)


# Peer -----------------------------------------------------------------------------------------


def peer_env():
    return dict(os.environ, PEER_DB=PEER_DB, DJANGO_SETTINGS_MODULE="peerproj.settings", PYTHONPATH=str(BENCH / "peer"))


def peer_task(name, *args):
    python = PEER / "venv" / "bin" / "python"
    output = sh(str(python), str(BENCH / "peer" / "peertasks.py"), name, *args, env=peer_env(), cwd=BENCH / "peer")
    return json.loads(output.strip().splitlines()[-1])


def measure_peer(results, tickets):
    python = PEER / "venv" / "bin" / "python"
    if not python.exists():
        say("Installing django-helpdesk into bench/.peer/venv ...")
        sh("python3.11", "-m", "venv", str(PEER / "venv"))
        sh(str(PEER / "venv" / "bin" / "pip"), "install", "-q", "django-helpdesk", "gunicorn", "psycopg[binary]")
    env = peer_env()
    if not database_exists(PEER_DB):
        sh("createdb", PEER_DB)
    sh(str(python), "-m", "django", "migrate", "--noinput", "-v0", env=env, cwd=BENCH / "peer")
    loaded = peer_task("load", str(tickets))
    psql(PEER_DB, "VACUUM ANALYZE")  # the same planner statistics as ours get
    info = peer_task("info")
    results["peer_version"] = sh(
        str(python), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'))"
    ).strip()
    results["peer_tickets"] = loaded["tickets"]
    results["peer_queries"] = peer_task("query_counts", json.dumps(info["bodies"][0]))
    session = peer_task("session")["session"]
    gunicorn = start(
        [
            str(PEER / "venv" / "bin" / "gunicorn"),
            "peerproj.wsgi",
            "--bind",
            f"{HOST}:{PEER_PORT}",
            "--workers",
            str(WORKERS),
        ],
        env=env,
        cwd=BENCH / "peer",
        log=RUN / "gunicorn-peer.log",
    )
    try:
        wait_for(f"http://{HOST}:{PEER_PORT}/api/", headers={"Authorization": f"Basic {info['auth']}"})
        auth = f"Basic {info['auth']}"
        # Warm up on the list page's data: the peer's API list reads every ticket (set_custom_field_values).
        closed_loop(PEER_PORT, info["list_url"], {"Cookie": f"sessionid={session}"}, requests=10)
        before_count = int(psql(PEER_DB, "SELECT count(*) FROM helpdesk_ticket"))
        before = db_counters(PEER_DB)
        results["peer_intake"] = wrk_intake(PEER_PORT, "/api/tickets/", auth, info["bodies"])
        time.sleep(1.5)
        after = db_counters(PEER_DB)
        created = int(psql(PEER_DB, "SELECT count(*) FROM helpdesk_ticket")) - before_count
        results["peer_intake"].update(
            created=created,
            commits_per_ticket=(after[0] - before[0]) / max(created, 1),
            writes_per_ticket=(after[1] - before[1]) / max(created, 1),
        )
        results["peer_list"] = closed_loop(PEER_PORT, info["list_url"], {"Cookie": f"sessionid={session}"})
        results["peer_rss_mb"] = worker_peak_rss_mb(gunicorn.pid)
    finally:
        stop(gunicorn)
    # Back to the loaded tickets, so that the next run measures the same table.
    peer_task("trim", str(loaded["last_id"]))


# pgbench --------------------------------------------------------------------------------------

PGBENCH_SCRIPT = """\\set org random(1, 10)
\\set reporter random(1, 5000)
\\set priority random(1, 4)
INSERT INTO bench_ticket (organisation_id, reporter_id, status, priority, title, description, reported_at, resolve_by)
VALUES (:org, :reporter, 'new', :priority, 'Skrivaren skriver inte ut', 'Det kommer inget papper ur skrivaren.',
        now(), now() + interval '8 hours');
"""


def measure_pgbench(results):
    database = "bench_pgbench"
    if not database_exists(database):
        sh("createdb", database)
    psql(database, "DROP TABLE IF EXISTS bench_ticket")
    psql(
        database,
        "CREATE TABLE bench_ticket (id bigserial PRIMARY KEY, organisation_id bigint NOT NULL, "
        "reporter_id bigint NOT NULL, status varchar(20) NOT NULL, priority smallint NOT NULL, "
        "title varchar(200) NOT NULL, description text NOT NULL, reported_at timestamptz NOT NULL, "
        "resolve_by timestamptz); CREATE INDEX ON bench_ticket (organisation_id, status, resolve_by); "
        "CREATE INDEX ON bench_ticket (status)",
    )
    script = RUN / "pgbench-insert.sql"
    script.write_text(PGBENCH_SCRIPT)
    for clients in (2, 8):
        output = sh("pgbench", "-n", "-f", str(script), "-c", str(clients), "-j", "2", "-T", "10", database)
        found = re.search(r"tps = ([\d.]+)", output)
        results[f"pgbench_{clients}"] = float(found.group(1)) if found else None


# Table ----------------------------------------------------------------------------------------


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} CPUs ({cpu}), {memory / 1024 / 1024:.1f} GiB"


def versions(results):
    django = sh(str(VENV / "python"), "-c", "import django; print(django.__version__)").strip()
    postgres = psql("postgres", "SHOW server_version")
    return (
        f"Python {platform.python_version()}, Django {django}, PostgreSQL {postgres}, "
        f"django-helpdesk {results.get('peer_version', '-')}, gunicorn workers {WORKERS}"
    )


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ")


def table(results):
    rows = []

    def row(figure, ours, peer=None, target="", met=None, ratio=None):
        if ratio is None and isinstance(ours, int | float) and isinstance(peer, int | float) and peer:
            ratio = ours / peer
        rows.append((figure, ours, peer, ratio, target, met))

    intake, peer_intake = results.get("intake", {}), results.get("peer_intake", {})
    rps, peer_rps = intake.get("rps"), peer_intake.get("rps")
    row(
        "Intake, tickets/s (API, 16 connections, 30 s)",
        rps,
        peer_rps,
        "≥ 10× peer",
        rps is not None and peer_rps is not None and rps >= 10 * peer_rps,
    )
    for label, key in (("p50", "p50_us"), ("p95", "p95_us"), ("p99", "p99_us")):
        ours = intake.get(key, 0) / 1000 if intake else None
        peer = peer_intake.get(key, 0) / 1000 if peer_intake else None
        target, met = ("< 50 ms", ours is not None and ours < 50) if label == "p95" else ("", None)
        row(f"Intake {label}, ms", ours, peer, target, met)
    row(
        "Intake errors (non-2xx + socket)",
        intake.get("status_errors", 0) + intake.get("socket_errors", 0) if intake else None,
        peer_intake.get("status_errors", 0) + peer_intake.get("socket_errors", 0) if peer_intake else None,
        "0",
    )
    row(
        "Intake: transactions committed per ticket (all, incl. read-only)",
        intake.get("commits_per_ticket"),
        peer_intake.get("commits_per_ticket"),
    )
    row(
        "Intake: writing transactions per ticket",
        intake.get("writes_per_ticket"),
        peer_intake.get("writes_per_ticket"),
        "1",
        intake.get("writes_per_ticket") is not None and intake["writes_per_ticket"] <= 1.05,
    )
    queries, peer_queries = results.get("queries", {}), results.get("peer_queries", {})
    row("Intake: queries per ticket", queries.get("intake"), peer_queries.get("intake"))
    queue, api_list, peer_list = results.get("queue", {}), results.get("api_list", {}), results.get("peer_list", {})
    row("Staff queue page p50, ms (50 rows, concurrency 4)", queue.get("p50"), peer_list.get("p50"))
    row(
        "Staff queue page p95, ms",
        queue.get("p95"),
        peer_list.get("p95"),
        "< 50 ms (L)",
        queue.get("p95") is not None and queue["p95"] < 50,
    )
    row("Staff queue page: queries per request", queries.get("queue"), peer_queries.get("list"), "constant")
    row("API queue (open tickets, nearest deadline first) p50, ms (50 rows)", api_list.get("p50"), peer_list.get("p50"))
    row(
        "API queue p95, ms",
        api_list.get("p95"),
        peer_list.get("p95"),
        "< 50 ms (L)",
        api_list.get("p95") is not None and api_list["p95"] < 50,
    )
    row("API queue: queries per request", queries.get("api_list"), peer_queries.get("list"), "constant")
    api_all = results.get("api_all", {})
    row("API list of every ticket the user reads p50, ms (50 rows and the total count)", api_all.get("p50"))
    row("API list of every ticket p95, ms", api_all.get("p95"))
    sla = results.get("sla", {})
    row("SLA engine: deadlines computed per second (one core)", sla.get("deadlines_per_s"))
    row(
        f"Recompute all open tickets after a calendar edit, s ({fmt(sla.get('recomputed'))} tickets)",
        sla.get("recompute_s"),
    )
    finance = results.get("finance", {})
    row(
        f"Monthly charges, all departments of {finance.get('organisations', '–')} organisations, s",
        finance.get("charges_s"),
    )
    row("Budget forecast, every organisation, s", finance.get("forecast_s"))
    scan = results.get("full_scan", {}).get("full_scan_s")
    row("Full-scan aggregate over the ticket table, s", scan)
    report = results.get("report", {})
    if report.get("available"):
        total = report["total_s"]
        row(
            "Annual follow-up report, all organisations, s",
            total,
            None,
            "≤ 3× full scan (each)",
            scan is not None and report["max_s"] <= 3 * scan,
            ratio=None,
        )
        row(
            "Annual follow-up report, slowest organisation, s (× full scan)",
            report["max_s"],
            None,
            "",
            None,
            ratio=report["max_s"] / scan if scan else None,
        )
    else:
        row("Annual follow-up report", "not available yet")
    row("Peak memory per web worker, MB", results.get("rss_mb"), results.get("peer_rss_mb"))
    row("pgbench single-row insert, TPS, 2 clients", results.get("pgbench_2"))
    row("pgbench single-row insert, TPS, 8 clients", results.get("pgbench_8"))
    if "load_s" in results:
        row(f"Generating scale {SCALE}, s", results["load_s"])

    def cell(value):
        if isinstance(value, str):
            return value
        if value is None:
            return "–"
        if isinstance(value, int) or float(value).is_integer():
            return fmt(value)
        return fmt(value, 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2))

    lines = ["| Figure | Styrbord | django-helpdesk | Ratio | Target | Met |", "|---|---:|---:|---:|---|---|"]
    for figure, ours, peer, ratio, target, met in rows:
        mark = "" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {figure} | {cell(ours)} | {cell(peer)} | {cell(ratio)} | {target} | {mark} |")
    return "\n".join(lines)


def main():
    RUN.mkdir(parents=True, exist_ok=True)
    if not shutil.which("wrk"):
        say("Installing wrk (apt-get) ...")
        sh("apt-get", "install", "-y", "-qq", "wrk")
    results = {}
    try:
        start_redis()
        prepare_ours(results)
        say("Measuring Styrbord ...")
        measure_ours(results)
        if os.environ.get("BENCH_PEER", "1") != "0":
            say("Measuring django-helpdesk ...")
            measure_peer(results, results["tickets"])
        say("Measuring pgbench ...")
        measure_pgbench(results)
    finally:
        for process in list(started_processes):
            stop(process)
        (RUN / "results.json").write_text(json.dumps(results, indent=2, default=str))
    header = (
        f"# Benchmark, scale {SCALE}\n\n"
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n"
        f"- Machine: {machine()}\n"
        f"- Versions: {versions(results)}\n"
        f"- Tickets: {fmt(results.get('tickets'))} ({fmt(results.get('open_tickets'))} open); "
        f"peer: {fmt(results.get('peer_tickets'))}\n\n"
    )
    text = header + table(results) + "\n"
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "latest.md").write_text(text)
    (BENCH / "results" / f"{SCALE}.md").write_text(text)  # the latest run of each scale
    print("\n" + text)


if __name__ == "__main__":
    main()
