"""Pages of the classification side: classifications, information types, procurement requirements,
findings and the settings. (The measure side's pages are in ``measure_views.py``.)"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from styrbord.core.forms import ConfirmForm
from styrbord.core.views import (
    HistoryView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedObjectFormView,
    ServiceFormView,
    add_service_errors,
    departments_of,
)
from styrbord.organisations.models import Department
from styrbord.systems.choices import Lifecycle
from styrbord.systems.models import System

from . import findings as findings_module
from . import procurement, services
from .choices import OUTSIDE_CATALOGUE, Aspect, ClassificationStatus, Level
from .classification import NeedStatus, can_see, latest_adopted, status_of
from .classification_forms import (
    ClassificationForm,
    HostingRequirementForm,
    InformationTypeForm,
    LevelFormSet,
    ParticipantFormSet,
    ReasonForm,
    SettingsForm,
)
from .models import Classification, HostingRequirement, InformationType

FORM_TEMPLATE = "organisations/form.html"
ACTION_TEMPLATE = "systems/action.html"
NOT_CURRENT = "not_current"


def need_rows(classification):
    labels = dict(Aspect.choices)
    need = classification.need() if classification is not None else dict.fromkeys(Aspect.values)
    return [
        {"aspect": aspect, "label": labels[aspect], "level": level, "outside": level == OUTSIDE_CATALOGUE}
        for aspect, level in need.items()
    ]


def system_for(request, pk):
    """A system of the current organisation the user may see (else 404)."""
    return get_object_or_404(
        System.objects.restrict(request.user).in_organisation(request.organisation).select_related("owner_department"),
        pk=pk,
    )


# The list of systems with their protection need


class ClassificationListView(LoginRequiredMixin, TemplateView):
    """Every system (not retired) with its protection need and where its classification stands."""

    template_name = "security/classification_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, organisation = self.request, self.request.organisation
        today = timezone.localdate()
        systems = (
            System.objects.restrict(request.user)
            .in_organisation(organisation)
            .exclude(lifecycle=Lifecycle.RETIRED)
            .select_related("owner_department")
            .order_by("name")
        )
        query = request.GET
        department = None
        if query.get("department", "").isdigit():
            department = Department.objects.in_organisation(organisation).filter(pk=query["department"]).first()
            if department is not None:
                systems = systems.filter(owner_department__path__startswith=department.path)
        if query.get("vital") in ("true", "false"):
            systems = systems.filter(is_vital=query["vital"] == "true")
        systems = list(systems)
        latest = latest_adopted(systems, today)
        days = services.settings_for(organisation).review_reminder_days
        rows = []
        for system in systems:
            classification = latest.get(system.pk)
            status = status_of(classification, today, days)
            visible = classification is None or can_see(request.user, classification)
            current = classification if status in (NeedStatus.CURRENT, NeedStatus.DUE) else None
            rows.append(
                {
                    "system": system,
                    "classification": classification if visible else None,
                    "restricted": not visible,
                    "status": status,
                    "status_label": NeedStatus(status).label,
                    "need": need_rows(current if visible else None),
                    "current_need": current.need() if (current is not None and visible) else {},
                }
            )
        status = query.get("status", "")
        if status == NOT_CURRENT:
            rows = [r for r in rows if r["status"] in (NeedStatus.EXPIRED, NeedStatus.MISSING)]
        elif status in NeedStatus.values:
            rows = [r for r in rows if r["status"] == status]
        aspect, level = query.get("aspect", ""), query.get("level", "")
        if level.isdigit():
            wanted = int(level)
            aspects = [aspect] if aspect in Aspect.values else Aspect.values
            rows = [
                r
                for r in rows
                if any((r["current_need"].get(a) is not None and r["current_need"][a] >= wanted) for a in aspects)
            ]
        context.update(
            rows=rows,
            aspects=Aspect.choices,
            levels=Level.choices,
            statuses=[*NeedStatus.choices, (NOT_CURRENT, _("Expired or missing"))],
            departments=departments_of(organisation),
            department=department,
            can_configure=request.user.has_perm("security.change_securitysettings", organisation),
        )
        return context


# One system: information types and classifications


class SystemClassificationsView(LoginRequiredMixin, TemplateView):
    """A system's information types and its classifications (those the user may see)."""

    template_name = "security/system_classifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        system = system_for(request, kwargs["pk"])
        today = timezone.localdate()
        classifications = list(
            Classification.objects.restrict(request.user).filter(system=system).select_related("adopted_by")
        )
        hidden = Classification.objects.filter(system=system).count() - len(classifications)
        latest = latest_adopted([system], today).get(system.pk)
        status = status_of(latest, today, services.settings_for(system.organisation).review_reminder_days)
        visible_latest = latest if latest is not None and can_see(request.user, latest) else None
        can_classify = request.user.has_perm("security.add_classification", system)
        context.update(
            system=system,
            object=system,
            information_types=list(system.security_information_types.all()),
            suggested=services.suggested_information_types(system) if can_classify else [],
            classifications=classifications,
            hidden_count=hidden,
            latest=visible_latest,
            restricted=latest is not None and visible_latest is None,
            status=status,
            status_label=NeedStatus(status).label,
            need=need_rows(visible_latest if status in (NeedStatus.CURRENT, NeedStatus.DUE) else None),
            has_draft=any(c.status == ClassificationStatus.DRAFT for c in classifications) or hidden > 0,
            can_classify=can_classify,
            can_reclassify=can_classify and latest is not None,
        )
        return context


class SystemActionView(ServiceFormView):
    """A form about one system, allowed when ``has_perm(permission, system)``."""

    permission = "security.add_classification"
    template_name = ACTION_TEMPLATE
    form_class = ConfirmForm
    title = ""
    button = gettext_lazy("Save")
    explanation = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.system = system_for(request, kwargs["pk"])
            if not request.user.has_perm(self.permission, self.system):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title % {"name": self.system})
        kwargs.setdefault("button", self.button)
        kwargs.setdefault("explanation", self.explanation)
        return super().get_context_data(object=self.system, **kwargs)

    def get_success_url(self):
        return reverse("security:system_classifications", args=[self.system.pk])


class InformationTypeCreateView(SystemActionView):
    form_class = InformationTypeForm
    template_name = FORM_TEMPLATE
    title = gettext_lazy("New information type for %(name)s")
    success_message = gettext_lazy("The information type was added.")

    def perform(self, form):
        return services.create_information_type(self.system, acting_user=self.request.user, **form.cleaned_data)


class SuggestedInformationTypesView(SystemActionView):
    http_method_names = ["post"]

    def perform(self, form):
        created = services.create_suggested_information_types(self.system, acting_user=self.request.user)
        messages.success(
            self.request,
            ngettext("%(count)d information type was added.", "%(count)d information types were added.", len(created))
            % {"count": len(created)},
        )
        return self.system


class InformationTypeEditView(ScopedObjectFormView):
    model = InformationType
    form_class = InformationTypeForm
    template_name = FORM_TEMPLATE

    def get_queryset(self):
        return super().get_queryset().in_organisation(self.request.organisation).select_related("system")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object}, **kwargs)

    def perform(self, form):
        return services.update_information_type(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("security:system_classifications", args=[self.object.system_id])


class SystemChangedView(SystemActionView):
    form_class = ReasonForm
    title = gettext_lazy("%(name)s has changed")
    button = gettext_lazy("Mark for review")
    explanation = gettext_lazy("The current classification stays valid but is due for review: re-classify the system.")
    success_message = gettext_lazy("The classification is now due for review.")

    def perform(self, form):
        return services.mark_system_changed(self.system, acting_user=self.request.user, **form.cleaned_data)


class ReclassifyView(SystemActionView):
    http_method_names = ["post"]
    permission = "security.reclassify_system"

    def perform(self, form):
        self.draft = services.start_reclassification(self.system, acting_user=self.request.user)
        return self.draft

    def form_invalid(self, form):
        messages.error(self.request, " ".join(form.non_field_errors()) or _("The re-classification failed."))
        return HttpResponseRedirect(reverse("security:system_classifications", args=[self.system.pk]))

    def get_success_url(self):
        return reverse("security:classification_edit", args=[self.draft.pk])


# Creating and editing a classification (a draft): the record, levels per information type, participants


class ClassificationFormMixin:
    template_name = "security/classification_form.html"

    def information_types(self, system):
        return list(system.security_information_types.filter(is_active=True).order_by("name"))

    def build_forms(self, system, classification=None):
        data = self.request.POST if self.request.method == "POST" else None
        types = self.information_types(system)
        existing = {row.information_type_id: row for row in classification.levels.all()} if classification else {}
        level_initial = []
        for information_type in types:
            row = existing.get(information_type.pk)
            level_initial.append(
                {
                    "information_type": information_type.pk,
                    "included": row is not None or classification is None,
                    "confidentiality": getattr(row, "confidentiality", 0),
                    "integrity": getattr(row, "integrity", 0),
                    "availability": getattr(row, "availability", 0),
                    "traceability": getattr(row, "traceability", None),
                }
            )
        participants = (
            [{"person": p.person, "name": p.name, "role": p.role} for p in classification.participants.all()]
            if classification
            else []
        )
        participants += [{}] * 4
        form = ClassificationForm(data, instance=classification, initial={"classified_on": timezone.localdate()})
        levels = LevelFormSet(data, initial=level_initial, prefix="levels")
        for level_form, information_type in zip(levels.forms, types, strict=False):
            level_form.information_type_object = information_type
        people = ParticipantFormSet(
            data,
            initial=participants,
            prefix="participants",
            form_kwargs={"organisation": system.organisation},
        )
        return form, levels, people, {t.pk: t for t in types}

    def collect(self, levels, people, types):
        level_rows = []
        for level_form in levels.forms:
            data = level_form.cleaned_data
            if not data.get("included"):
                continue
            information_type = types.get(data["information_type"])
            if information_type is None:
                continue
            level_rows.append(
                {
                    "information_type": information_type,
                    **{f: data.get(f) for f in ("confidentiality", "integrity", "availability", "traceability")},
                }
            )
        participants = [p for p in (f.participant() for f in people.forms) if p]
        return level_rows, participants

    def render_forms(self, form, levels, people, **extra):
        return self.render_to_response(
            self.get_context_data(form=form, levels=levels, people=people, system=self.system, **extra)
        )

    def handle(self, system, classification, save):
        form, levels, people, types = self.build_forms(system, classification)
        if self.request.method != "POST":
            return self.render_forms(form, levels, people)
        if not (form.is_valid() and levels.is_valid() and people.is_valid()):
            return self.render_forms(form, levels, people)
        level_rows, participants = self.collect(levels, people, types)
        try:
            result = save(form.cleaned_data, level_rows, participants)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_forms(form, levels, people)
        messages.success(self.request, _("The classification was saved."))
        return HttpResponseRedirect(result.get_absolute_url())


class ClassificationCreateView(LoginRequiredMixin, ClassificationFormMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.system = system_for(request, kwargs["pk"])
            if not request.user.has_perm("security.add_classification", self.system):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Classify %(name)s") % {"name": self.system}, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.handle(self.system, None, None)

    def post(self, request, *args, **kwargs):
        def save(data, levels, participants):
            return services.create_classification(
                self.system, acting_user=request.user, levels=levels, participants=participants, **data
            )

        return self.handle(self.system, None, save)


class ClassificationEditView(LoginRequiredMixin, ClassificationFormMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(
                Classification.objects.restrict(request.user)
                .in_organisation(request.organisation)
                .select_related("system__organisation"),
                pk=kwargs["pk"],
            )
            self.system = self.object.system
            if not request.user.has_perm("security.change_classification", self.object):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the classification of %(name)s") % {"name": self.system}, object=self.object, **kwargs
        )

    def get(self, request, *args, **kwargs):
        return self.handle(self.system, self.object, None)

    def post(self, request, *args, **kwargs):
        def save(data, levels, participants):
            return services.update_classification(
                self.object, acting_user=request.user, levels=levels, participants=participants, **data
            )

        return self.handle(self.system, self.object, save)


class ClassificationScopedMixin:
    model = Classification

    def get_queryset(self):
        return (
            Classification.objects.restrict(self.request.user)
            .in_organisation(self.request.organisation)
            .select_related("system__organisation", "system__owner_department", "adopted_by", "supersedes")
        )


class ClassificationDetailView(ClassificationScopedMixin, ScopedDetailView):
    template_name = "security/classification_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        classification, user = self.object, self.request.user
        rows = list(classification.levels.select_related("information_type"))
        need = need_rows(classification)
        labels = dict(Aspect.choices)
        context.update(
            levels=rows,
            participants=list(classification.participants.select_related("person")),
            need=need,
            level_4=[row["label"] for row in need if row["outside"]],
            rationales=[(labels[aspect], getattr(classification, f"rationale_{aspect}")) for aspect in Aspect.values],
            is_current=classification.pk
            == getattr(
                services.current_classifications([classification.system]).get(classification.system_id), "pk", None
            ),
            can_change=user.has_perm("security.change_classification", classification),
            can_adopt=user.has_perm("security.adopt_classification", classification),
            can_delete=user.has_perm("security.delete_classification", classification),
        )
        return context


class ClassificationActionView(ClassificationScopedMixin, ScopedObjectFormView):
    template_name = ACTION_TEMPLATE
    form_class = ConfirmForm
    title = ""
    button = ""
    explanation = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title % {"name": self.object.system},
            button=self.button,
            explanation=self.explanation,
            **kwargs,
        )


class ClassificationAdoptView(ClassificationActionView):
    permission_action = "adopt"
    title = gettext_lazy("Adopt the classification of %(name)s")
    button = gettext_lazy("Adopt")
    explanation = gettext_lazy(
        "Once adopted the classification cannot be changed; it replaces the system's earlier one and is valid "
        "for the number of years the settings give."
    )
    success_message = gettext_lazy("The classification was adopted.")

    def perform(self, form):
        return services.adopt_classification(self.object, acting_user=self.request.user)


class ClassificationDeleteView(ClassificationActionView):
    permission_action = "delete"
    title = gettext_lazy("Delete the draft classification of %(name)s")
    button = gettext_lazy("Delete")
    success_message = gettext_lazy("The draft was deleted.")

    def perform(self, form):
        self.system_id = self.object.system_id
        services.delete_draft(self.object, acting_user=self.request.user)
        return self.object

    def get_success_url(self):
        return reverse("security:system_classifications", args=[self.system_id])


class ClassificationHistoryView(ClassificationScopedMixin, HistoryView):
    pass


# Procurement requirements


class RequirementsView(ClassificationScopedMixin, ScopedDetailView):
    """The supplier requirements of a classification, printable, to attach to a tender or contract."""

    template_name = "security/requirements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(items=procurement.requirements_for(self.object), need=need_rows(self.object))
        return context


class RequirementsDocxView(ClassificationScopedMixin, ScopedDetailView):
    def get(self, request, *args, **kwargs):
        classification = self.get_object()
        content = procurement.docx_bytes(classification, procurement.requirements_for(classification))
        name = slugify(f"{classification.system.name} {classification.classified_on:%Y-%m-%d}") or "requirements"
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        prefix = _("security-requirements")
        response["Content-Disposition"] = f'attachment; filename="{prefix}-{name}.docx"'
        return response


# Findings


class FindingListView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    organisation_permission = "security.view_findings"
    template_name = "security/finding_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, organisation = self.request, self.request.organisation
        found = findings_module.visible_findings(request.user, organisation, findings_module.findings_for(organisation))
        found = filter_findings(found, request.GET, organisation)
        context.update(
            findings=found,
            kinds=findings_module.FindingKind.choices,
            departments=departments_of(organisation),
        )
        return context


def filter_findings(found, query, organisation):
    """Filter by ``kind``, ``system`` (id) and ``department`` (id, its subtree)."""
    kind = query.get("kind", "")
    if kind in findings_module.FindingKind.values:
        found = [f for f in found if f.kind == kind]
    if str(query.get("system", "")).isdigit():
        found = [f for f in found if f.system.pk == int(query["system"])]
    if str(query.get("department", "")).isdigit():
        department = Department.objects.in_organisation(organisation).filter(pk=query["department"]).first()
        path = department.path if department else None
        found = [f for f in found if path and f.system.owner_department.path.startswith(path)]
    return found


# Settings: valid years, reminders and hosting requirements


class SettingsView(OrganisationPermissionMixin, ServiceFormView):
    organisation_permission = "security.change_securitysettings"
    form_class = SettingsForm
    template_name = "security/settings.html"
    success_message = gettext_lazy("The settings were saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": services.settings_for(self.request.organisation)}

    def perform(self, form):
        return services.update_settings(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("security:settings")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requirements=HostingRequirement.objects.in_organisation(self.request.organisation),
            **kwargs,
        )


class HostingRequirementCreateView(OrganisationPermissionMixin, ServiceFormView):
    organisation_permission = "security.change_securitysettings"
    form_class = HostingRequirementForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The hosting requirement was saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New hosting requirement"), **kwargs)

    def perform(self, form):
        return services.create_hosting_requirement(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("security:settings")


class HostingRequirementEditView(ScopedObjectFormView):
    model = HostingRequirement
    permission_action = "change"
    form_class = HostingRequirementForm
    template_name = FORM_TEMPLATE

    def get_queryset(self):
        return super().get_queryset().in_organisation(self.request.organisation)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit the hosting requirement"), **kwargs)

    def perform(self, form):
        return services.update_hosting_requirement(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("security:settings")


class HostingRequirementDeleteView(HostingRequirementEditView):
    permission_action = "delete"
    form_class = ConfirmForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return super(HostingRequirementEditView, self).get_form_kwargs()

    def perform(self, form):
        services.delete_hosting_requirement(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The hosting requirement was deleted."))
        return self.object
