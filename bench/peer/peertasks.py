"""Peer (django-helpdesk) setup and measurements: ``python peertasks.py NAME [ARG]`` prints JSON."""

import base64
import json
import os
import random
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerproj.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from helpdesk.models import Queue, Ticket  # noqa: E402
from helpdesk.query import query_to_base64  # noqa: E402

PASSWORD = "bench-peer-password"  # noqa: S105 - a local benchmark login


def load(total):
    """A staff superuser, ten queues and ``total`` tickets over two years (most closed), bulk-inserted."""
    total = int(total)
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.org", PASSWORD)
    queues = list(Queue.objects.all())
    if not queues:
        queues = [
            Queue.objects.create(title=f"Kommun {n}", slug=f"kommun-{n}", email_address=f"q{n}@example.org")
            for n in range(10)
        ]
    have = Ticket.objects.count()
    rng = random.Random(1)  # noqa: S311
    now = timezone.now()
    batch = []
    for index in range(have, total):
        created = now - timedelta(seconds=rng.randint(0, 2 * 365 * 86400))
        age_days = (now - created).days
        status = rng.choice((1, 1, 2)) if age_days < 15 and rng.random() < 0.5 else rng.choice((3, 4, 4, 4))
        batch.append(
            Ticket(
                title=f"Ärende {index}",
                queue=queues[index % len(queues)],
                created=created,
                modified=created,
                submitter_email=f"person{index % 5000}@example.org",
                status=status,
                priority=rng.choice((1, 2, 3, 3, 3, 4, 5)),
                description="Det kommer inget papper ur skrivaren på plan 2.",
                assigned_to=user if rng.random() < 0.6 else None,
            )
        )
        if len(batch) == 5000:
            Ticket.objects.bulk_create(batch)
            batch = []
    Ticket.objects.bulk_create(batch)
    return {
        "tickets": Ticket.objects.count(),
        "last_id": Ticket.objects.order_by("-id").values_list("id", flat=True)[0],
        "queues": [q.pk for q in queues],
        "open": Ticket.objects.filter(status__in=[1, 2]).count(),
    }


def session():
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    return {"session": client.cookies["sessionid"].value}


def trim(last_id):
    """Remove what the intake load created."""
    deleted, _ = Ticket.objects.filter(id__gt=int(last_id)).delete()
    return {"deleted": deleted}


def list_url():
    """The staff ticket list's data (the default query: open and reopened, sorted by creation), 50 rows."""
    query = query_to_base64(
        {"filtering": {"status__in": [1, 2]}, "sorting": "created", "search_string": "", "sortreverse": False}
    )
    return f"/datatables_ticket_list/{query}?draw=1&start=0&length=50"


def info():
    queues = list(Queue.objects.values_list("pk", flat=True))
    auth = base64.b64encode(f"bench:{PASSWORD}".encode()).decode()
    bodies = [
        {
            "queue": queues[n % len(queues)],
            "title": f"Skrivaren skriver inte ut {n}",
            "description": "Det kommer inget papper ur skrivaren på plan 2.",
            "submitter_email": f"person{n}@example.org",
            "priority": 1 + n % 5,
        }
        for n in range(240)
    ]
    return {"auth": auth, "list_url": list_url(), "bodies": bodies, "tickets": Ticket.objects.count()}


def query_counts(body):
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    result = {}
    with CaptureQueriesContext(connection) as listing:
        response = client.get(list_url())
        assert response.status_code == 200, response.status_code
    result["list"] = len(listing.captured_queries)

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as intake:
                response = client.post("/api/tickets/", json.loads(body), content_type="application/json")
                assert response.status_code == 201, response.content
            raise Rollback
    except Rollback:
        pass
    result["intake"] = len(intake.captured_queries)
    return result


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](*sys.argv[2:])))
