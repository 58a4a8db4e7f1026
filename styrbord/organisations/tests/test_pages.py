from django.urls import reverse

from styrbord.core.middleware import SESSION_KEY
from styrbord.organisations import services
from styrbord.organisations.models import Department, RoleAssignment, User


def test_login_page_is_swedish_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


def test_login_and_logout_with_the_form(world, client):
    response = client.post(reverse("login"), {"username": "employee", "password": "pw-Styrbord-1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_repeated_failed_logins_lock_out(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "employee", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "employee", "password": "pw-Styrbord-1"})
    assert locked.status_code == 429
    assert client.get(reverse("core:home")).status_code == 302


def test_language_switch_is_remembered_on_the_profile(world, client_as):
    client = client_as("employee")
    response = client.post(reverse("core:set_language"), {"language": "en", "next": reverse("core:home")})
    assert response.status_code == 302
    assert User.objects.get(username="employee").language == "en"
    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()
    # A new browser (no cookie) gets the saved language after logging in.
    client.cookies.clear()
    client.force_login(User.objects.get(username="employee"))
    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()


def test_home_shows_the_it_heads_attention_items(world, client_as):
    services.create_department(acting_user=None, organisation=world.org, name="Utan kod")
    page = client_as("it_head").get(reverse("core:home")).content.decode()
    assert "1 department has no cost centre" in page or "1 avdelning" in page or "saknar" in page


def test_home_attention_is_role_specific(world, client_as):
    page = client_as("employee").get(reverse("core:home")).content.decode()
    assert "cost centre" not in page and "kostnadsställe" not in page


def test_navigation_shows_areas_that_exist(world, client_as):
    page = client_as("employee").get(reverse("core:home")).content.decode()
    assert reverse("organisations:department_list") in page
    assert reverse("organisations:person_list") in page


def test_switch_organisation_only_to_own(world, client_as):
    client = client_as("it_head")
    services.add_membership(acting_user=None, user=world.users["it_head"], organisation=world.other_org)
    response = client.post(reverse("core:switch_organisation"), {"organisation": world.other_org.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == world.other_org.pk
    page = client.get(reverse("organisations:organisation")).content.decode()
    assert "Annanby kommun" in page
    stranger_client = client_as("employee")
    assert (
        stranger_client.post(reverse("core:switch_organisation"), {"organisation": world.other_org.pk}).status_code
        == 404
    )


def test_create_department_form_shows_field_errors_and_saves_nothing(world, client_as):
    client = client_as("it_head")
    before = Department.objects.count()
    response = client.post(reverse("organisations:department_create"), {"name": "", "kind": "enhet"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    duplicate = client.post(
        reverse("organisations:department_create"), {"name": "Kopia", "kind": "enhet", "cost_centre": "2000"}
    )
    assert duplicate.status_code == 200
    assert "cost_centre" in duplicate.context["form"].errors
    assert 'aria-invalid="true"' in duplicate.content.decode()
    assert Department.objects.count() == before


def test_create_and_edit_department_through_pages(world, client_as):
    client = client_as("it_head")
    response = client.post(
        reverse("organisations:department_create"),
        {"name": "Ny enhet", "kind": "enhet", "parent": world.branch.pk, "cost_centre": "2200", "is_active": "on"},
    )
    assert response.status_code == 302
    created = Department.objects.get(name="Ny enhet")
    assert created.parent == world.branch and created.organisation == world.org
    assert created.history.first().history_user == world.users["it_head"]
    client.post(
        reverse("organisations:department_edit", args=[created.pk]),
        {
            "name": "Ny enhet",
            "kind": "enhet",
            "parent": world.other_branch.pk,
            "cost_centre": "2200",
            "is_active": "on",
        },
    )
    created.refresh_from_db()
    assert created.path.startswith(world.other_branch.path)
    history = client.get(reverse("organisations:department_history", args=[created.pk])).content.decode()
    assert "Skolförvaltningen" in history and "Socialförvaltningen" in history


def test_person_create_assign_and_revoke_role(world, client_as):
    client = client_as("it_head")
    response = client.post(
        reverse("organisations:person_create"),
        {
            "first_name": "Greta",
            "last_name": "Gran",
            "email": "greta@example.org",
            "department": world.unit.pk,
            "title": "Rektor",
        },
    )
    assert response.status_code == 302
    greta = User.objects.get(email="greta@example.org")
    assert greta.memberships.get().department == world.unit
    client.post(
        reverse("organisations:role_assign", args=[greta.pk]), {"role": "department_head", "department": world.unit.pk}
    )
    assignment = RoleAssignment.objects.get(user=greta)
    assert assignment.department == world.unit
    refused = client.post(
        reverse("organisations:role_assign", args=[greta.pk]), {"role": "department_head"}, follow=True
    )
    assert RoleAssignment.objects.filter(user=greta).count() == 1
    assert refused.status_code == 200
    client.post(reverse("organisations:role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(user=greta).exists()


def test_employee_cannot_post_to_change_pages(world, client_as):
    client = client_as("employee")
    assert client.post(reverse("organisations:department_create"), {"name": "X", "kind": "enhet"}).status_code == 403
    person = world.users["finance"]
    assert client.post(reverse("organisations:role_assign", args=[person.pk]), {"role": "it_head"}).status_code == 403
    assert not RoleAssignment.objects.filter(user=person, role="it_head").exists()


def test_person_deactivation_keeps_the_person(world, client_as):
    client = client_as("it_head")
    person = world.users["employee"]
    client.post(reverse("organisations:person_status", args=[person.pk]), {})
    person.refresh_from_db()
    assert person.is_active is False
    listed = client.get(reverse("organisations:person_list")).content.decode()
    assert person.get_absolute_url() not in listed
    inactive = client.get(reverse("organisations:person_list"), {"is_active": "false"}).content.decode()
    assert person.get_absolute_url() in inactive


def test_profile_token_is_shown_once(world, client_as):
    client = client_as("finance")
    client.post(reverse("organisations:token_create"), {"name": "Rapporter"})
    first = client.get(reverse("organisations:profile")).content.decode()
    token = world.users["finance"].api_tokens.get()
    assert token.prefix in first and 'id="new-token"' in first
    second = client.get(reverse("organisations:profile")).content.decode()
    assert 'id="new-token"' not in second


def test_security_headers(world, client_as):
    response = client_as("employee").get(reverse("core:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_people_list_query_count_is_constant(world, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from styrbord.core.testing import make_person

    client = client_as("employee")
    url = reverse("organisations:person_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        make_person(world.org, department=world.unit)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_it_head_adds_a_cooperation_colleague_to_the_current_organisation(world, client_as):
    head = world.users["it_head"]
    services.add_membership(acting_user=None, user=head, organisation=world.other_org)
    colleague = world.users["stranger"]  # member of the other organisation only
    client = client_as("it_head")
    client.post(reverse("core:switch_organisation"), {"organisation": world.org.pk})
    page = client.get(reverse("organisations:person_detail", args=[colleague.pk])).content.decode()
    assert reverse("organisations:membership_add", args=[colleague.pk]) in page
    client.post(reverse("organisations:membership_add", args=[colleague.pk]))
    assert colleague.memberships.filter(organisation=world.org).exists()
