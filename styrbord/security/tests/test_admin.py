"""The admin lists every security model and shows a row's history; classifications are read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from styrbord.security.models import Classification, ClassificationReminder
from styrbord.security.tasks import send_classification_reminders

from .classification_helpers import classified, role


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x")


def test_every_security_model_has_an_admin_list(world, client, superuser):
    adopted = classified(world, "Lönesystem", days_ago=3 * 365 + 5)
    role(adopted.system, "owner", world.users["employee"])
    assert send_classification_reminders() == 2
    client.force_login(superuser)
    models = [m for m in admin.site._registry if m._meta.app_label == "security"]
    assert {m.__name__ for m in models} >= {
        "SecuritySettings",
        "HostingRequirement",
        "InformationType",
        "Classification",
        "ClassificationReminder",
        "Measure",
        "Assessment",
        "ActionItem",
    }
    for model in models:
        url = reverse(f"admin:security_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "Lön"}).status_code == 200, url
    detail = client.get(reverse("admin:security_classification_change", args=[adopted.pk]))
    assert detail.status_code == 200 and "Lönesystem" in detail.content.decode()
    history = client.get(reverse("admin:security_classification_history", args=[adopted.pk]))
    assert history.status_code == 200
    # Adopted classifications are changed through the services only.
    refused = client.post(reverse("admin:security_classification_delete", args=[adopted.pk]), {"post": "yes"})
    assert refused.status_code == 403
    assert Classification.objects.filter(pk=adopted.pk).exists()
    assert ClassificationReminder.objects.count() == 2
