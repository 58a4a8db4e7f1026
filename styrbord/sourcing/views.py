"""Pages of sourcing: suppliers, contracts with their requirements, comparisons and settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrbord.core.forms import ConfirmForm
from styrbord.core.views import (
    ChildFormView,
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    ObjectActionView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
)

from . import services
from .access import owned_system_ids, visible_contracts
from .choices import ComparisonStatus, ContractStatus
from .exports import contract_download
from .filtersets import ComparisonFilterSet, ContractFilterSet, SupplierFilterSet
from .forms import (
    AlternativeForm,
    ComparisonForm,
    ContactForm,
    ContractForm,
    CriteriaForm,
    DecisionForm,
    RequirementForm,
    ScoresForm,
    SettingsForm,
    SupplierForm,
)
from .models import (
    Alternative,
    Comparison,
    Contract,
    ContractRequirement,
    Supplier,
    SupplierContact,
    settings_for,
    with_status,
)
from .ranking import ranking_of

FORM_TEMPLATE = "organisations/form.html"
ACTION_TEMPLATE = "systems/action.html"


def can(request, permission, obj):
    return request.user.has_perm(permission, obj)


def check_covers_own_system(user, organisation, systems):
    """A system owner (not the head of IT) adds and keeps contracts for their own systems only."""
    if user.has_perm("sourcing.change_sourcingsettings", organisation):  # the head of IT
        return
    owned = owned_system_ids(user)
    if not any(system.pk in owned for system in systems or []):
        raise ValidationError({"systems": _("Choose at least one system you are the system owner of.")})


# Settings


class SettingsView(OrganisationPermissionMixin, ServiceFormView):
    organisation_permission = "sourcing.change_sourcingsettings"
    form_class = SettingsForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The settings were saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": settings_for(self.request.organisation)}

    def perform(self, form):
        return services.update_settings(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Contract reminders"), **kwargs)


# Suppliers


class SupplierListView(OrganisationPermissionMixin, ScopedListView):
    organisation_permission = "sourcing.view_supplier"
    model = Supplier
    template_name = "sourcing/supplier_list.html"
    filterset_class = SupplierFilterSet

    def get_queryset(self):
        return super().get_queryset().annotate(contract_count=Count("contracts")).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request, "sourcing.add_supplier", self.request.organisation)
        return context


class SupplierDetailView(ScopedDetailView):
    model = Supplier
    template_name = "sourcing/supplier_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supplier, request = self.object, self.request
        contracts = visible_contracts(supplier.contracts.select_related("owner"), request.user)
        context.update(
            contacts=supplier.contacts.all(),
            contracts=with_status(contracts.order_by("reference")),
            can_change=can(request, "sourcing.change_supplier", supplier),
        )
        return context


class SupplierCreateView(CreateView):
    model = Supplier
    form_class = SupplierForm
    title = gettext_lazy("New supplier")
    success_message = gettext_lazy("The supplier was registered.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("organisation")
        return kwargs

    def perform(self, form):
        return services.create_supplier(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


class SupplierEditView(EditView):
    model = Supplier
    form_class = SupplierForm
    update = services.update_supplier


class SupplierHistoryView(HistoryView):
    model = Supplier


class ContactCreateView(ChildFormView):
    model = Supplier
    permission = "sourcing.add_suppliercontact"
    form_class = ContactForm
    create = services.add_contact
    title = gettext_lazy("New contact at %(name)s")


class ContactEditView(EditView):
    model = SupplierContact
    form_class = ContactForm
    update = services.update_contact


class ContactDeleteView(DeleteView):
    model = SupplierContact
    remove = services.remove_contact
    message = gettext_lazy("The contact was removed.")


# Contracts


class ContractRowsMixin:
    """Lists show the contracts the user may read; one contract's page answers 403 to others (has_perm)."""

    def get_queryset(self):
        return visible_contracts(super().get_queryset(), self.request.user)


class ContractListView(OrganisationPermissionMixin, ContractRowsMixin, ScopedListView):
    organisation_permission = "sourcing.view_contracts"
    model = Contract
    template_name = "sourcing/contract_list.html"
    filterset_class = ContractFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("supplier", "owner").order_by("notice_date", "reference")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context.update(
            contracts=with_status(context["object_list"]),
            statuses=ContractStatus.choices,
            suppliers=Supplier.objects.in_organisation(organisation).order_by("name"),
            can_add=can(self.request, "sourcing.add_contract", organisation),
        )
        return context


class ContractExportView(OrganisationPermissionMixin, ContractRowsMixin, ScopedListView):
    """The filtered contract register as XLSX."""

    organisation_permission = "sourcing.view_contracts"
    model = Contract
    filterset_class = ContractFilterSet
    paginate_by = None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("supplier", "owner")
            .prefetch_related("systems", "services")
            .order_by("notice_date", "reference")
        )

    def get(self, request, *args, **kwargs):
        return contract_download(with_status(self.get_queryset()))


def _url_of(obj):
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the security app's pages are not (yet) there
        return ""


def requirement_lists(contract):
    """[(classification, its page, its supplier requirements)] and whether the security app derived them."""
    try:
        lists, derived = services.security_requirements(contract), True
    except ImportError:  # the security app's procurement rules are not installed
        lists, derived = [(c, []) for c in contract.classifications.select_related("system")], False
    return [(c, _url_of(c), requirements) for c, requirements in lists], derived


class ContractDetailView(ScopedDetailView):
    model = Contract
    template_name = "sourcing/contract_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("supplier", "owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract, request = self.object, self.request
        classifications, derived = requirement_lists(contract)
        can_change = can(request, "sourcing.change_contract", contract)
        context.update(
            systems=contract.systems.select_related("owner_department").order_by("name"),
            services=contract.services.order_by("name"),
            items=contract.items.select_related("item_type").order_by("name"),
            requirements=contract.requirements.all(),
            classifications=classifications,
            requirements_derived=derived,
            reminders=contract.reminders.all(),
            can_change=can_change,
            can_renew=can_change and contract.renewals_left > 0 and not contract.notice_given_on,
            can_read_supplier=can(request, "sourcing.view_supplier", contract.supplier),
        )
        return context


class ContractCreateView(CreateView):
    model = Contract
    form_class = ContractForm
    title = gettext_lazy("New contract")
    success_message = gettext_lazy("The contract was registered.")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("system", "").isdigit():
            initial["systems"] = [int(self.request.GET["system"])]
        return initial

    def perform(self, form):
        data = form.cleaned_data
        check_covers_own_system(self.request.user, self.request.organisation, data.get("systems"))
        return services.create_contract(acting_user=self.request.user, organisation=self.request.organisation, **data)


class ContractEditView(EditView):
    model = Contract
    form_class = ContractForm
    form_takes_organisation = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.has_perm("sourcing.change_sourcingsettings", self.object.organisation):
            # A system owner keeps their contract but does not move it away from their systems.
            form.fields["systems"].help_text = _("At least one of your systems stays covered.")
        return form

    def perform(self, form):
        data = form.cleaned_data
        check_covers_own_system(self.request.user, self.object.organisation, data.get("systems"))
        return services.update_contract(self.object, acting_user=self.request.user, **data)


class ContractHistoryView(HistoryView):
    model = Contract


class ContractActionView(ObjectActionView):
    model = Contract
    permission = "sourcing.change_contract"
    template_name = ACTION_TEMPLATE
    form_class = ConfirmForm
    action = None
    explanation = ""
    button = ""
    done = ""

    def perform(self, form):
        type(self).action(self.object, acting_user=self.request.user)
        messages.success(self.request, self.done)
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(explanation=self.explanation, button=self.button, **kwargs)


class ContractRenewView(ContractActionView):
    action = services.use_renewal
    title = gettext_lazy("Use a renewal option of %(name)s")
    explanation = gettext_lazy("The contract's end moves by one renewal period, and so does the last notice date.")
    button = gettext_lazy("Renew")
    done = gettext_lazy("The contract was renewed.")


class ContractCopySecurityView(ContractActionView):
    action = services.copy_security_requirements
    title = gettext_lazy("Add the security requirements to %(name)s")
    explanation = gettext_lazy(
        "The supplier requirements of the attached classifications become information-security requirements of "
        "the contract, each once, so that their fulfilment can be followed up."
    )
    button = gettext_lazy("Add the requirements")
    done = gettext_lazy("The security requirements were added.")


class RequirementCreateView(ChildFormView):
    model = Contract
    permission = "sourcing.add_contractrequirement"
    form_class = RequirementForm
    create = services.add_requirement
    title = gettext_lazy("New requirement in %(name)s")


class RequirementEditView(EditView):
    model = ContractRequirement
    form_class = RequirementForm
    update = services.update_requirement


class RequirementDeleteView(DeleteView):
    model = ContractRequirement
    remove = services.remove_requirement
    message = gettext_lazy("The requirement was removed.")


# Comparisons


class ComparisonListView(OrganisationPermissionMixin, ScopedListView):
    organisation_permission = "sourcing.view_comparison"
    model = Comparison
    template_name = "sourcing/comparison_list.html"
    filterset_class = ComparisonFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("service", "system", "chosen")
            .annotate(alternative_count=Count("alternatives"))
            .order_by("status", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = ComparisonStatus.choices
        context["can_add"] = can(self.request, "sourcing.add_comparison", self.request.organisation)
        return context


class ComparisonDetailView(ScopedDetailView):
    model = Comparison
    template_name = "sourcing/comparison_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("service", "system", "chosen", "decided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison, request = self.object, self.request
        ranking = ranking_of(comparison)
        context.update(
            ranking=ranking,
            criteria=comparison.criteria.order_by("order", "id"),
            can_change=can(request, "sourcing.change_comparison", comparison),
            can_decide=can(request, "sourcing.decide_comparison", comparison),
        )
        return context


class ComparisonCreateView(CreateView):
    model = Comparison
    form_class = ComparisonForm
    title = gettext_lazy("New sourcing comparison")
    success_message = gettext_lazy("The comparison was created with the default criteria.")

    def perform(self, form):
        return services.create_comparison(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


class ComparisonEditView(EditView):
    model = Comparison
    form_class = ComparisonForm
    update = services.update_comparison
    form_takes_organisation = True


class ComparisonHistoryView(HistoryView):
    model = Comparison


class CriteriaView(ObjectActionView):
    model = Comparison
    permission = "sourcing.change_comparison"
    form_class = CriteriaForm
    template_name = "sourcing/criteria_form.html"
    title = gettext_lazy("Criteria and weights of %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "criteria": list(self.object.criteria.order_by("order", "id"))}

    def perform(self, form):
        services.set_criteria(self.object, acting_user=self.request.user, criteria=form.criteria())
        messages.success(self.request, _("The criteria were saved."))
        return self.object


class ScoresView(ObjectActionView):
    model = Comparison
    permission = "sourcing.change_comparison"
    form_class = ScoresForm
    template_name = "sourcing/scores_form.html"
    title = gettext_lazy("Score the alternatives of %(name)s")

    def get_form_kwargs(self):
        from .models import Score

        scores = {
            (a, c): v
            for a, c, v in Score.objects.filter(alternative__comparison=self.object).values_list(
                "alternative_id", "criterion_id", "value"
            )
        }
        return {
            **super().get_form_kwargs(),
            "alternatives": list(self.object.alternatives.order_by("id")),
            "criteria": list(self.object.criteria.order_by("order", "id")),
            "scores": scores,
        }

    def perform(self, form):
        services.set_scores(self.object, acting_user=self.request.user, scores=form.scores())
        messages.success(self.request, _("The scores were saved."))
        return self.object


class DecideView(ObjectActionView):
    model = Comparison
    permission = "sourcing.decide_comparison"
    form_class = DecisionForm
    template_name = ACTION_TEMPLATE
    title = gettext_lazy("Decide %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "comparison": self.object}

    def get_initial(self):
        leaders = ranking_of(self.object).leaders
        return {"chosen": leaders[0].alternative.pk} if len(leaders) == 1 else {}

    def perform(self, form):
        services.decide(self.object, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The decision was recorded."))
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            explanation=_("After the decision the comparison can no longer change."),
            button=_("Record the decision"),
            **kwargs,
        )


class AlternativeCreateView(ChildFormView):
    model = Comparison
    permission = "sourcing.change_comparison"
    form_class = AlternativeForm
    create = services.add_alternative
    title = gettext_lazy("New alternative in %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.organisation}


class AlternativeEditView(EditView):
    model = Alternative
    form_class = AlternativeForm
    update = services.update_alternative

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.comparison.organisation}


class AlternativeDeleteView(DeleteView):
    model = Alternative
    remove = services.remove_alternative
    message = gettext_lazy("The alternative was removed.")
