"""The catalogue's rows of the authorization matrix.

``ROWS`` run in core's matrix: objects every member may see. ``HIDDEN_ROWS`` are pages of
rows that only the IT unit and finance see until they are published (a planned service, a
draft price list): ``test_visibility`` runs them, expecting 404 for every other member.
"""

import datetime

from styrbord.catalog import services
from styrbord.catalog.choices import DRAFT_READERS, ServiceStatus
from styrbord.catalog.tests.factories import (
    TARGETS,
    make_area,
    make_calendar,
    make_level,
    make_price,
    make_price_list,
    make_service,
)
from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique

READERS_OF_DRAFTS = frozenset(role.value for role in DRAFT_READERS)


def published_list(world):
    make_service(world.org)
    return make_price_list(world.org, published=True)


def draft_list(world):
    make_service(world.org)
    return make_price_list(world.org, 2031)


def closed_day(world):
    return services.add_closed_day(
        acting_user=None, organisation=world.org, date=datetime.date(2026, 5, 15), name="Klämdag"
    )


ROWS = [
    PageRow("catalog:catalogue"),
    PageRow("catalog:service_create", read=IT_HEAD),
    PageRow("catalog:service_detail", args=lambda w: [make_service(w.org).pk]),
    PageRow("catalog:service_edit", read=IT_HEAD, args=lambda w: [make_service(w.org).pk]),
    PageRow("catalog:service_history", args=lambda w: [make_service(w.org).pk]),
    PageRow("catalog:level_create", read=IT_HEAD, args=lambda w: [make_service(w.org).pk]),
    PageRow("catalog:level_edit", read=IT_HEAD, args=lambda w: [make_level(w.org).pk]),
    PageRow("catalog:level_history", args=lambda w: [make_level(w.org).pk]),
    PageRow("catalog:area_list"),
    PageRow("catalog:area_create", read=IT_HEAD),
    PageRow("catalog:area_edit", read=IT_HEAD, args=lambda w: [make_area(w.org).pk]),
    PageRow("catalog:calendar_list"),
    PageRow("catalog:calendar_create", read=IT_HEAD),
    PageRow("catalog:calendar_detail", args=lambda w: [make_calendar(w.org).pk]),
    PageRow("catalog:calendar_edit", read=IT_HEAD, args=lambda w: [make_calendar(w.org).pk]),
    PageRow("catalog:calendar_history", args=lambda w: [make_calendar(w.org).pk]),
    PageRow("catalog:closed_day_create", read=IT_HEAD),
    PageRow("catalog:price_list_list"),
    PageRow("catalog:price_list_create", read=IT_HEAD),
    PageRow("catalog:price_list_detail", args=lambda w: [published_list(w).pk]),
    PageRow("catalog:price_list_prices", read=IT_HEAD, args=lambda w: [published_list(w).pk]),
    PageRow("catalog:price_list_history", args=lambda w: [published_list(w).pk]),
    ApiRow(
        "catalog-api:area",
        obj=lambda w: make_area(w.org),
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Datorer och mobiler"},
        create_payload=lambda w: {"organisation": w.org.pk, "name": unique("Område "), "code": unique("omr-")},
    ),
    ApiRow(
        "catalog-api:service",
        obj=lambda w: make_service(w.org),
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"summary": "Kort beskrivning"},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "area": make_area(w.org).pk,
            "name": unique("Tjänst "),
            "code": unique("tj-"),
            "unit": "device",
        },
    ),
    ApiRow(
        "catalog-api:service",
        obj=lambda w: make_service(w.org, status=ServiceStatus.PLANNED),
        read=READERS_OF_DRAFTS,
        change=IT_HEAD,
        patch=lambda w, o: {"summary": "Planerad"},
    ),
    ApiRow(
        "catalog-api:servicelevel",
        obj=lambda w: make_level(w.org),
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"maintenance_window": "Söndagar 06–10"},
        create_payload=lambda w: {
            "service": make_service(w.org, levels=()).pk,
            "name": "Utökad",
            "calendar": make_calendar(w.org).pk,
            "availability_target": "99.5",
            "targets": TARGETS,
        },
    ),
    ApiRow(
        "catalog-api:calendar",
        obj=lambda w: make_calendar(w.org),
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Vardagar"},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "name": unique("Kalender "),
            "segments": [{"weekday": 0, "opens": "08:00", "closes": "16:30"}],
        },
    ),
    ApiRow(
        "catalog-api:closedday",
        obj=closed_day,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"name": "Klämdag efter Kristi himmelsfärd"},
        create_payload=lambda w: {"organisation": w.org.pk, "date": "2026-12-23", "name": "Stängt"},
    ),
    ApiRow(
        "catalog-api:pricelist",
        obj=published_list,
        read=MEMBERS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"note": "Beslutad i budgeten."},
        create_payload=lambda w: {"organisation": w.org.pk, "year": 2032},
    ),
    ApiRow(
        "catalog-api:pricelist",
        obj=draft_list,
        read=READERS_OF_DRAFTS,
        change=IT_HEAD,
        patch=lambda w, o: {"note": "Förslag."},
    ),
    ApiRow("catalog-api:price", obj=lambda w: make_price(w.org, published=True)),
    ApiRow(
        "catalog-api:price",
        obj=lambda w: make_price(w.org, year=2031),
        read=READERS_OF_DRAFTS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"amount": "123.45"},
        create_payload=lambda w: {
            "price_list": make_price_list(w.org, 2032).pk,
            "service": make_service(w.org, levels=()).pk,
            "amount": "450.00",
        },
    ),
]

HIDDEN_ROWS = [
    PageRow(
        "catalog:service_detail",
        read=READERS_OF_DRAFTS,
        args=lambda w: [make_service(w.org, status=ServiceStatus.PLANNED).pk],
    ),
    PageRow("catalog:service_edit", read=IT_HEAD, args=lambda w: [make_service(w.org, status="planned").pk]),
    PageRow("catalog:price_list_detail", read=READERS_OF_DRAFTS, args=lambda w: [draft_list(w).pk]),
    PageRow("catalog:price_list_history", read=READERS_OF_DRAFTS, args=lambda w: [draft_list(w).pk]),
    PageRow("catalog:price_list_prices", read=IT_HEAD, args=lambda w: [draft_list(w).pk]),
    PageRow("catalog:price_list_publish", read=IT_HEAD, args=lambda w: [draft_list(w).pk]),
]
