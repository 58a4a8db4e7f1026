from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, Department, Membership, Organisation, RoleAssignment, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "served_by", "is_active"]
    search_fields = ["name", "org_number"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "kind", "cost_centre", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["name", "cost_centre"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request, obj, form, change):
        from . import services

        if change:
            changes = {
                name: form.cleaned_data[name] for name in form.changed_data if name in services.DEPARTMENT_FIELDS
            }
            services.update_department(Department.objects.get(pk=obj.pk), acting_user=request.user, **changes)
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("organisation", "name", "parent")}
            created = services.create_department(
                acting_user=request.user, organisation=obj.organisation, name=obj.name, parent=obj.parent, **data
            )
            obj.pk = created.pk


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0


@admin.register(User)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Styrbord"), {"fields": ("phone", "title", "language")}))
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    inlines = [MembershipInline, RoleInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "department", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    raw_id_fields = ["user", "department"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "department"]
    list_filter = ["organisation", "role"]
    raw_id_fields = ["user", "department"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False  # keys are created with 'styrbord token' or on the profile page
