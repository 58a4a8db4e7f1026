"""Who reads and who writes articles: audience, status, the IT unit, system roles, coordinators, owners."""

import pytest

from styrbord.knowledge import services
from styrbord.knowledge.models import Article
from styrbord.systems import services as system_services
from styrbord.systems.tests.factories import role, system

from .builders import a_system, article

pytestmark = pytest.mark.django_db

IT = ("it_head", "support_lead", "it_staff")


def readers(world, obj):
    return {name for name, user in world.users.items() if Article.objects.restrict(user).filter(pk=obj.pk).exists()}


def test_a_published_article_for_everyone_is_read_by_every_member_and_no_stranger(world):
    published = article(world)
    assert readers(world, published) == set(world.users) - {"stranger"}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("it_staff", set(IT)),
        ("it_coordinators", {*IT, "it_coordinator"}),
        ("department_heads", {*IT, "department_head"}),
        ("system_roles", set(IT)),
    ],
)
def test_the_audience_decides_who_reads_a_published_article(world, audience, expected):
    assert readers(world, article(world, audience=audience)) == expected


def test_a_system_role_of_a_linked_system_reads_system_role_articles(world):
    treserva, other = a_system(world), system(world, "Lönesystem")
    role(treserva, "key_user", world.users["employee"])
    for_treserva = article(world, audience="system_roles", systems=[treserva])
    for_other = article(world, audience="system_roles", systems=[other])
    assert "employee" in readers(world, for_treserva)
    assert "employee" not in readers(world, for_other)


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_drafts_and_archived_articles_stay_with_the_writers(world, status):
    assert readers(world, article(world, status=status)) == set(IT)


def test_the_owner_reads_and_edits_their_own_draft(world):
    draft = article(world, status="draft", owner=world.users["finance"])
    assert readers(world, draft) == {*IT, "finance"}
    assert world.users["finance"].has_perm("knowledge.change_article", draft)
    assert not world.users["employee"].has_perm("knowledge.change_article", draft)


def test_system_managers_and_coordinators_write_about_their_systems_only(world):
    mine, theirs = a_system(world), system(world, "Bygglov", owner_department=world.other_branch)
    role(mine, "manager", world.users["employee"])
    about_mine = article(world, status="draft", systems=[mine])
    about_theirs = article(world, status="draft", systems=[theirs])
    employee, coordinator = world.users["employee"], world.users["it_coordinator"]
    assert employee.has_perm("knowledge.add_article", world.org)
    assert employee.has_perm("knowledge.change_article", about_mine)
    assert not employee.has_perm("knowledge.change_article", about_theirs)
    # The coordinator holds the role for the branch, which owns "mine" but not "theirs".
    assert coordinator.has_perm("knowledge.change_article", about_mine)
    assert not coordinator.has_perm("knowledge.change_article", about_theirs)
    assert not world.users["department_head"].has_perm("knowledge.add_article", world.org)


def test_a_writer_outside_it_links_only_systems_they_write_about(world):
    mine, theirs = a_system(world), system(world, "Bygglov", owner_department=world.other_branch)
    coordinator = world.users["it_coordinator"]
    with pytest.raises(Exception) as error:
        services.create_article(acting_user=coordinator, organisation=world.org, title="Utan system", body="x")
    assert "systems" in error.value.message_dict
    with pytest.raises(Exception) as error:
        services.create_article(
            acting_user=coordinator, organisation=world.org, title="Fel system", body="x", systems=[theirs]
        )
    assert error.value.message_dict["systems"] == ["You can only link systems you own, manage or coordinate."]
    assert not Article.objects.exists()
    created = services.create_article(
        acting_user=coordinator, organisation=world.org, title="Rätt system", body="x", systems=[mine]
    )
    assert created.owner == coordinator and list(created.systems.all()) == [mine]


def test_links_and_owner_must_belong_to_the_organisation(world):
    foreign = system_services.create_system(
        acting_user=None, organisation=world.other_org, name="Främmande", owner_department=world.foreign_department
    )
    with pytest.raises(Exception) as error:
        article(world, systems=[foreign])
    assert "systems" in error.value.message_dict
    with pytest.raises(Exception) as error:
        article(world, owner=world.users["stranger"])
    assert error.value.message_dict["owner"] == ["The owner must be a member of the organisation."]


def test_a_published_article_needs_a_text_and_titles_are_unique(world):
    with pytest.raises(Exception) as error:
        article(world, body="  ")
    assert "body" in error.value.message_dict
    article(world, title="Byta lösenord")
    with pytest.raises(Exception) as error:
        article(world, title="Byta lösenord")
    assert error.value.message_dict["title"] == ["Another article of this organisation has this title."]


def test_versions_count_changes_to_the_text_and_history_keeps_them(world):
    created = article(world, status="draft")
    assert created.version == 1 and created.published_at is None
    updated = services.update_article(created, acting_user=world.users["it_staff"], review_by=None)
    assert updated.version == 1
    updated = services.update_article(created, acting_user=world.users["it_staff"], body="Ny text.", status="published")
    assert updated.version == 2 and updated.published_at is not None
    assert updated.history.count() == 3
    assert updated.history.first().history_user == world.users["it_staff"]
    with pytest.raises(Exception) as error:
        services.update_article(updated, acting_user=None, organisation=world.other_org)
    assert "organisation" in error.value.message_dict


def test_only_a_draft_is_deleted(world):
    published = article(world)
    with pytest.raises(Exception) as error:
        services.delete_article(published, acting_user=None)
    assert "status" in error.value.message_dict
    draft = article(world, status="draft")
    services.delete_article(draft, acting_user=None)
    assert list(Article.objects.all()) == [published]
