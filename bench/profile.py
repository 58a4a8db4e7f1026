"""Profile one benchmarked request or computation in-process with pyinstrument.

    BENCH_SCALE=M .venv/bin/python bench/profile.py intake [--repeat 200] [--html out.html]

What: ``intake`` (POST a ticket through the API), ``queue`` (the staff queue page),
``api_list`` (the same through the API: open tickets), ``api_all`` (every ticket the user
reads), ``report`` (the annual follow-up report of the host municipality, last year). Runs
against the benchmark database that ``make bench`` filled, with the same user the load uses,
through Django's WSGI handler: the same code path as a served request, minus gunicorn. Tickets
the intake profile created are deleted at the end. Uses the machine's Redis on 127.0.0.1:6379
when it answers, else the database cache. The first call warms caches and is not profiled.
"""

import argparse
import atexit
import io
import json
import os
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the bench's own settings: database, secret, paths)

env = run.ours_env()
env.pop("REDIS_URL", None)
try:
    socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    env["REDIS_URL"] = "redis://127.0.0.1:6379/5"
except OSError:
    pass
os.environ.update(env)

import tasks  # noqa: E402  (sets Django up)
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def served(method, path, headers, body=b"", query=""):
    """One request through Django's WSGI handler, as gunicorn hands it over (no test client in between)."""
    handler = WSGIHandler()
    base = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD=method, QUERY_STRING=query, **headers)

    def call():
        environ = dict(base, **{"wsgi.input": io.BytesIO(body)})
        if body:
            environ.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
        status = []
        chunks = handler(environ, lambda code, _headers, *_: status.append(code))
        b"".join(chunks)
        chunks.close()
        assert status[0][:1] in "23", status

    return call


def scenario(name):
    user, host = tasks.staff_user()
    info = tasks.setup()
    token = {"HTTP_AUTHORIZATION": f"Token {info['token']}"}  # as the load authenticates
    if name == "intake":
        atexit.register(tasks.cleanup)  # the tickets it made, as after the load
        return served("POST", "/api/servicedesk/tickets/", token, json.dumps(info["bodies"][0]).encode())
    if name == "queue":
        return served("GET", "/servicedesk/queue/", {"HTTP_COOKIE": f"sessionid={info['session']}"})
    if name == "api_list":
        return served("GET", "/api/servicedesk/tickets/", token, query="status=open")
    if name == "api_all":
        return served("GET", "/api/servicedesk/tickets/", token)
    if name == "report":
        from styrbord.followup.report import build_report

        year = timezone.localdate().year - 1
        return lambda: build_report(host, year)
    raise SystemExit(f"unknown: {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["intake", "queue", "api_list", "api_all", "report"])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--html")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    parser.add_argument("--flat", action="store_true", help="functions by their own time, not the call tree")
    args = parser.parse_args()
    call = scenario(args.what)
    call()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        call()
    profiler.stop()
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    if args.flat:
        from pyinstrument.renderers import ConsoleRenderer

        print(profiler.output(ConsoleRenderer(unicode=True, color=False, flat=True, show_all=True)))
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    print(
        json.dumps(
            {"what": args.what, "repeat": args.repeat, "mean_ms": profiler.last_session.duration * 1000 / args.repeat}
        )
    )


if __name__ == "__main__":
    main()
