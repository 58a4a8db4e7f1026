"""Pages of the CMDB: items, types, relations, impact, import and export, reconciliation."""

from datetime import date

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from styrbord.core import spreadsheets
from styrbord.core.forms import ConfirmForm
from styrbord.core.views import (
    CreateInOrganisationView,
    HistoryView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    departments_of,
)

from . import exporting, importing, reconciliation, services
from .choices import Area, ImportStatus, Lifecycle
from .filtersets import ItemFilterSet
from .forms import (
    FieldDefinitionFormSet,
    ImportForm,
    ItemForm,
    ItemTypeForm,
    RelationForm,
    attribute_errors_on_fields,
    definitions_from,
)
from .impact import impact_of
from .models import ConfigurationItem, ImportBatch, ItemRelation, ItemType

FORM_TEMPLATE = "organisations/form.html"


class OrganisationRowsMixin:
    """Find the object among every row of the user's organisations; ``has_perm`` then decides (403)."""

    def get_queryset(self):
        return self.model.objects.in_my_organisations(self.request.user)


def systems_on(item):
    if not apps.is_installed("styrbord.systems"):
        return []
    return apps.get_model("systems", "System").objects.filter(item_links__item=item).order_by("name")


# Items


class ItemListView(OrganisationPermissionMixin, ScopedListView):
    model = ConfigurationItem
    organisation_permission = "infra.view_configurationitem"
    template_name = "infra/item_list.html"
    filterset_class = ItemFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("item_type", "department", "assigned_to").order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context["can_add"] = self.request.user.has_perm("infra.add_configurationitem", organisation)
        context["can_import"] = self.request.user.has_perm("infra.add_importbatch", organisation)
        context["types"] = ItemType.objects.in_organisation(organisation).order_by("area", "order", "name")
        context["areas"] = Area.choices
        context["statuses"] = Lifecycle.choices
        context["departments"] = departments_of(organisation)
        return context


class ItemDetailView(OrganisationRowsMixin, ScopedDetailView):
    model = ConfigurationItem
    template_name = "infra/item_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("item_type", "department", "assigned_to")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["relations_out"] = item.relations_out.select_related("target__item_type").order_by("kind")
        context["relations_in"] = item.relations_in.select_related("source__item_type").order_by("kind")
        context["services"] = item.services.order_by("name")
        context["systems"] = systems_on(item)
        context["can_change"] = self.request.user.has_perm("infra.change_configurationitem", item)
        return context


class ItemCreateView(CreateInOrganisationView):
    """First choose the type (``?type=``), then fill in the common columns and the type's fields."""

    model = ConfigurationItem
    form_class = ItemForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The item was created.")

    @cached_property
    def item_type(self):
        type_id = self.request.GET.get("type", "")
        if not type_id.isdigit():
            return None
        types = ItemType.objects.in_organisation(self.request.organisation).filter(is_active=True)
        return get_object_or_404(types, pk=type_id)

    def get_template_names(self):
        return ["infra/item_type_choose.html"] if self.item_type is None else [self.template_name]

    def get(self, request, *args, **kwargs):
        if self.item_type is None:
            types = list(ItemType.objects.in_organisation(request.organisation).filter(is_active=True))
            areas = [(label, [t for t in types if t.area == value]) for value, label in Area.choices]
            return self.render_to_response({"areas": areas, "title": _("New item")})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.item_type is None:
            return redirect("infra:item_create")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation, "item_type": self.item_type}

    def perform(self, form):
        with attribute_errors_on_fields():
            return services.create_item(
                acting_user=self.request.user,
                organisation=self.request.organisation,
                item_type=self.item_type,
                **form.item_data(),
            )

    def get_context_data(self, **kwargs):
        title = _("New item: %(type)s") % {"type": self.item_type.name}
        return super().get_context_data(title=title, **kwargs)


class ItemEditView(OrganisationRowsMixin, ScopedObjectFormView):
    model = ConfigurationItem
    form_class = ItemForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The item was saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "organisation": self.object.organisation,
            "item_type": self.object.item_type,
        }

    def perform(self, form):
        with attribute_errors_on_fields():
            return services.update_item(self.object, acting_user=self.request.user, **form.item_data())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object.name}, **kwargs)


class ItemHistoryView(OrganisationRowsMixin, HistoryView):
    model = ConfigurationItem


class ItemImpactView(OrganisationRowsMixin, ScopedDetailView):
    model = ConfigurationItem
    template_name = "infra/item_impact.html"

    def get_context_data(self, **kwargs):
        include_backup = self.request.GET.get("backup") == "1"
        return super().get_context_data(
            impact=impact_of(self.object, include_backup=include_backup), include_backup=include_backup, **kwargs
        )


class RelationCreateView(OrganisationRowsMixin, ScopedObjectFormView):
    """Relate this item to another, in either direction."""

    model = ConfigurationItem
    form_class = RelationForm
    template_name = FORM_TEMPLATE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.object}

    def perform(self, form):
        data = form.cleaned_data
        item, other = self.object, data["other"]
        source, target = (item, other) if data["direction"] == RelationForm.OUTGOING else (other, item)
        services.add_relation(
            acting_user=self.request.user, source=source, target=target, kind=data["kind"], note=data["note"]
        )
        messages.success(self.request, _("The relation was added."))
        return item

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Relate %(name)s") % {"name": self.object.name}, **kwargs)


class RelationDeleteView(OrganisationRowsMixin, ScopedObjectFormView):
    """Remove a relation (kept in the history); back to the item page it was removed from."""

    model = ItemRelation
    permission_action = "delete"
    form_class = ConfirmForm
    http_method_names = ["post"]

    def perform(self, form):
        relation = self.object
        back = relation.target if self.request.POST.get("back") == str(relation.target_id) else relation.source
        services.remove_relation(relation, acting_user=self.request.user)
        messages.success(self.request, _("The relation was removed."))
        return back


# Item types


class ItemTypeListView(OrganisationPermissionMixin, ScopedListView):
    model = ItemType
    organisation_permission = "infra.view_itemtype"
    template_name = "infra/type_list.html"
    paginate_by = None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("charged_as_service")
            .annotate(item_count=Count("items"))
            .order_by("area", "order", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        types = list(context["object_list"])
        context["areas"] = [(label, [t for t in types if t.area == value]) for value, label in Area.choices]
        context["can_add"] = self.request.user.has_perm("infra.add_itemtype", self.request.organisation)
        return context


class ItemTypeDetailView(OrganisationRowsMixin, ScopedDetailView):
    model = ItemType
    template_name = "infra/type_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(self.object.items.values_list("status").annotate(n=Count("pk")))
        context["status_counts"] = [(label, counts.get(value, 0)) for value, label in Lifecycle.choices]
        context["can_change"] = self.request.user.has_perm("infra.change_itemtype", self.object)
        return context


class ItemTypeFormMixin:
    """The type's own form plus a formset with one row per field definition."""

    form_class = ItemTypeForm
    template_name = "infra/type_form.html"

    def initial_definitions(self):
        return []

    @cached_property
    def formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return FieldDefinitionFormSet(data, prefix="fields", initial=self.initial_definitions())

    def form_valid(self, form):
        if not self.formset.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def definitions(self):
        return definitions_from(self.formset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(formset=self.formset, **kwargs)


class ItemTypeCreateView(ItemTypeFormMixin, CreateInOrganisationView):
    model = ItemType
    success_message = gettext_lazy("The item type was created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return services.create_item_type(
            acting_user=self.request.user,
            organisation=self.request.organisation,
            field_definitions=self.definitions(),
            **form.cleaned_data,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New item type"), **kwargs)


class ItemTypeEditView(ItemTypeFormMixin, OrganisationRowsMixin, ScopedObjectFormView):
    model = ItemType
    success_message = gettext_lazy("The item type was saved.")

    def initial_definitions(self):
        return [{**d, "choices": ", ".join(d["choices"])} for d in self.object.field_definitions]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "organisation": self.object.organisation}

    def perform(self, form):
        return services.update_item_type(
            self.object, acting_user=self.request.user, field_definitions=self.definitions(), **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object.name}, **kwargs)


class ItemTypeHistoryView(OrganisationRowsMixin, HistoryView):
    model = ItemType


# Import and export


class ImportView(CreateInOrganisationView):
    model = ImportBatch
    form_class = ImportForm
    template_name = "infra/import_upload.html"

    def perform(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise ValidationError({"file": _("The file is larger than 5 MB: split it into several files.")})
        return importing.start_import(
            acting_user=self.request.user,
            organisation=self.request.organisation,
            filename=upload.name,
            content=upload.read(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = importing.COLUMNS
        context["recent"] = (
            ImportBatch.objects.in_organisation(self.request.organisation)
            .select_related("uploaded_by")
            .defer("content")[:10]
        )
        return context


class ImportPreviewView(OrganisationRowsMixin, ScopedObjectFormView):
    """What the file would create, change and refuse, row by row; confirming imports it."""

    model = ImportBatch
    permission_action = "view"
    form_class = ConfirmForm
    template_name = "infra/import_preview.html"

    def perform(self, form):
        if not self.request.user.has_perm("infra.add_importbatch", self.object):
            raise PermissionDenied
        batch = importing.apply_import(self.object, acting_user=self.request.user)
        if batch.status == ImportStatus.APPLIED:
            messages.success(self.request, _("The file was imported."))
        else:
            messages.error(self.request, _("Some rows are refused now, so nothing was imported. See the reasons."))
        return batch

    def get_context_data(self, **kwargs):
        summary = self.object.summary or {}
        return super().get_context_data(
            counts=summary.get("counts", {}),
            rows=summary.get("rows", []),
            applied=self.object.status == ImportStatus.APPLIED,
            **kwargs,
        )


class ExportView(OrganisationPermissionMixin, LoginRequiredMixin, View):
    """The items of the current filter as CSV or XLSX, in the columns the import reads."""

    organisation_permission = "infra.export_configurationitem"

    def get(self, request):
        items = ConfigurationItem.objects.restrict(request.user).in_organisation(request.organisation)
        filterset = ItemFilterSet(request.GET or None, queryset=items, request=request)
        if filterset.is_bound and filterset.is_valid():
            items = filterset.qs
        items = items.select_related("item_type", "department", "assigned_to").order_by("name")
        headers, rows = exporting.item_table(items)
        stamp = timezone.localdate().isoformat()
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return spreadsheets.download(headers, rows, fmt=fmt, filename=f"items-{stamp}", title=_("Items"))


# Reconciliation


class ReconciliationView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    organisation_permission = "infra.view_reconciliation"
    template_name = "infra/reconciliation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        lines, unassigned = reconciliation.reconcile(self.request.organisation, day)
        context.update(
            day=day,
            lines=lines,
            mismatches=sum(1 for line in lines if not line.matches),
            unassigned=sorted(unassigned.items(), key=lambda pair: pair[0].name),
            finance=reconciliation.finance_available(),
            items_url=reverse("infra:item_list"),
        )
        return context
