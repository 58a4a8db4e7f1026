import pytest
from django.core.exceptions import ValidationError

from styrbord.core.validators import normalise_org_number
from styrbord.organisations import services
from styrbord.organisations.models import Department


@pytest.mark.parametrize("raw, expected", [("212000-2494", "212000-2494"), ("2120002494", "212000-2494")])
def test_org_number_is_normalised(raw, expected):
    assert normalise_org_number(raw) == expected


@pytest.mark.parametrize("raw, code", [("212000-2495", "check_digit"), ("21200-2494", "format"), ("abc", "format")])
def test_org_number_errors_say_why(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_org_number(raw)
    assert error.value.code == code


def test_organisation_with_bad_check_digit_is_refused_and_nothing_saved(db):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(acting_user=None, name="Felby", org_number="212000-2495")
    assert "org_number" in error.value.message_dict
    from styrbord.organisations.models import Organisation

    assert not Organisation.objects.exists()


def test_department_tree_paths_and_moves(world):
    branch, unit, other = world.branch, world.unit, world.other_branch
    leaf = services.create_department(acting_user=None, organisation=world.org, name="Klass 1", parent=unit)
    assert leaf.path == f"/{branch.pk}/{unit.pk}/{leaf.pk}/"
    assert leaf.depth == 2
    assert [d.pk for d in leaf.ancestors()] == [branch.pk, unit.pk]
    assert set(branch.subtree().values_list("pk", flat=True)) == {branch.pk, unit.pk, leaf.pk}

    services.update_department(unit, acting_user=None, parent=other)
    leaf.refresh_from_db()
    assert leaf.path == f"/{other.pk}/{unit.pk}/{leaf.pk}/"
    assert set(branch.subtree().values_list("pk", flat=True)) == {branch.pk}


def test_department_cannot_move_under_itself(world):
    leaf = services.create_department(acting_user=None, organisation=world.org, name="Klass 1", parent=world.unit)
    with pytest.raises(ValidationError) as error:
        services.update_department(world.branch, acting_user=None, parent=leaf)
    assert "parent" in error.value.message_dict
    world.branch.refresh_from_db()
    assert world.branch.parent is None


def test_department_parent_must_be_same_organisation(world):
    with pytest.raises(ValidationError) as error:
        services.create_department(acting_user=None, organisation=world.org, name="X", parent=world.foreign_department)
    assert "parent" in error.value.message_dict


def test_cost_centre_unique_within_organisation_only(world):
    with pytest.raises(ValidationError) as error:
        services.create_department(acting_user=None, organisation=world.org, name="Dubblett", cost_centre="2000")
    assert "cost_centre" in error.value.message_dict
    services.create_department(acting_user=None, organisation=world.other_org, name="Samma kod", cost_centre="2000")


def test_department_in_use_cannot_be_deleted_but_unused_can(world):
    with pytest.raises(ValidationError):
        services.delete_department(world.unit, acting_user=None)  # people belong to it
    spare = services.create_department(acting_user=None, organisation=world.org, name="Tom")
    spare_id = spare.pk
    services.delete_department(spare, acting_user=None)
    assert not Department.objects.filter(pk=spare_id).exists()
    assert Department.history.filter(id=spare_id, history_type="-").exists()


def test_deactivating_a_department_with_people_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.update_department(world.unit, acting_user=None, is_active=False)
    assert "is_active" in error.value.message_dict


def test_scoped_role_needs_department_and_membership(world):
    employee = world.users["employee"]
    with pytest.raises(ValidationError) as error:
        services.assign_role(acting_user=None, user=employee, organisation=world.org, role="department_head")
    assert "department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.assign_role(acting_user=None, user=employee, organisation=world.other_org, role="finance")
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.assign_role(acting_user=None, user=world.users["finance"], organisation=world.org, role="finance")


def test_history_records_who_changed_what(world):
    head = world.users["it_head"]
    services.update_department(world.unit, acting_user=head, name="Skolan Norr")
    latest = world.unit.history.first()
    assert latest.history_user == head
    assert latest.name == "Skolan Norr"
    change = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change] == [("name", "Skolan", "Skolan Norr")]


def test_revoked_role_stays_in_history(world):
    assignment = world.users["finance"].role_assignments.get()
    assignment_id = assignment.pk
    services.revoke_role(assignment, acting_user=world.users["it_head"])
    deleted = assignment.history.model.objects.filter(id=assignment_id, history_type="-").get()
    assert deleted.history_user == world.users["it_head"]
