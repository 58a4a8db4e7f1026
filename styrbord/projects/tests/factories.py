from styrbord.projects import services


def project(world, title="Digital signering", *, department=None, stage="proposed", hours=100, **fields):
    return services.create_project(
        acting_user=None,
        organisation=world.org,
        title=title,
        requesting_department=department or world.branch,
        stage=stage,
        estimated_hours=hours,
        **fields,
    )


def prioritisation(world, title="Prioritering 2027", **fields):
    fields.setdefault("first_quarter", "2027-Q1")
    fields.setdefault("last_quarter", "2027-Q4")
    return services.create_prioritisation(acting_user=None, organisation=world.org, title=title, **fields)


def plan(world, department=None):
    return services.create_plan(
        acting_user=None, organisation=world.org, department=department or world.branch, first_year=2027, last_year=2030
    )
