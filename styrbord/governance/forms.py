from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.core.forms import DATE_WIDGET
from styrbord.organisations.models import User
from styrbord.systems.models import ManagementObject, System

from .choices import DecisionStatus, EscalationStatus, LevelKey, ReviewOutcome
from .models import Decision, DecisionLevel, Forum, Meeting

DATE = {"widget": DATE_WIDGET}


def people(organisation):
    return User.objects.in_organisation(organisation).filter(is_active=True)


class LevelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    prefix = forms.CharField(label=_("Reference prefix"), max_length=10)


class ForumForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=DecisionLevel.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    system = forms.ModelChoiceField(label=_("System"), queryset=System.objects.none(), required=False)
    management_object = forms.ModelChoiceField(
        label=_("Management object"), queryset=ManagementObject.objects.none(), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = DecisionLevel.objects.in_organisation(organisation)
        self.fields["system"].queryset = System.objects.in_organisation(organisation)
        self.fields["management_object"].queryset = ManagementObject.objects.in_organisation(organisation)


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role in the forum"), choices=[])

    def __init__(self, *args, organisation, **kwargs):
        from .choices import ForumRole

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people(organisation)
        self.fields["role"].choices = ForumRole.choices


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), **DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea, required=False)


class MeetingEditForm(MeetingForm):
    status = forms.ChoiceField(label=_("Status"), choices=[("planned", _("Planned")), ("held", _("Held"))])


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    presenter = forms.ModelChoiceField(label=_("Presenter"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people(organisation)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea, required=False)
    date = forms.DateField(label=_("Date"), required=False, **DATE)
    decided_by = forms.ModelChoiceField(
        label=_("Decided by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty when the forum decided together."),
    )
    follow_up_date = forms.DateField(label=_("Follow-up date"), required=False, **DATE)
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=Meeting.objects.none(), required=False)
    subjects = forms.CharField(
        label=_("Concerns"),
        required=False,
        help_text=_('One per line as type:id, e.g. "systems.system:12" or "catalog.service:3".'),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.ChoiceField(
        label=_("Changes an earlier decision"),
        required=False,
        choices=[("", "—"), ("amends", _("Amends")), ("revokes", _("Revokes"))],
    )
    earlier = forms.ModelChoiceField(label=_("Earlier decision"), queryset=Decision.objects.none(), required=False)

    def __init__(self, *args, organisation, meeting=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["decided_by"].queryset = people(organisation)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda.all()
        else:
            del self.fields["agenda_item"]
        if editing:
            del self.fields["change"], self.fields["earlier"]
        else:
            self.fields["earlier"].queryset = Decision.objects.in_organisation(organisation).filter(
                status__in=[DecisionStatus.IN_FORCE, DecisionStatus.FOLLOWED_UP]
            )

    def clean_subjects(self):
        from .services import resolve_subject

        found = []
        for line in (self.cleaned_data.get("subjects") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            type_key, _sep, object_id = line.rpartition(":")
            try:
                found.append(resolve_subject(self.organisation, type_key.strip(), object_id.strip()))
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["subjects"]) from None
        return found

    def clean(self):
        data = super().clean()
        if data.get("change") and not data.get("earlier"):
            self.add_error("earlier", _("Choose the decision that is changed."))
        return data


class LevelDecisionForm(DecisionForm):
    level = forms.ModelChoiceField(label=_("Level"), queryset=DecisionLevel.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["level"].queryset = DecisionLevel.objects.in_organisation(organisation)
        self.order_fields(["level"])


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What the follow-up found"), widget=forms.Textarea)


class EscalationForm(forms.Form):
    to_forum = forms.ModelChoiceField(label=_("To forum"), queryset=Forum.objects.none())
    question = forms.CharField(label=_("Question"), max_length=300)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea, help_text=_("Why the question cannot be decided here.")
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_forum"].queryset = Forum.objects.in_organisation(forum.organisation).filter(
            is_active=True, level__rank__gt=forum.level.rank
        )


class ConfirmForm(forms.Form):
    pass


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.CharField(label=_("Version"), max_length=20)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}))


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), **DATE)
    decision = forms.ModelChoiceField(label=_("Adopting decision"), queryset=Decision.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.in_organisation(organisation)


class ReviewForm(AdoptForm):
    adopted_on = None
    date = forms.DateField(label=_("Date"), **DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class LogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All")), *LevelKey.choices])
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *DecisionStatus.choices])
    period = forms.ChoiceField(label=_("Mandate period"), required=False)
    subject_type = forms.ChoiceField(label=_("Concerns"), required=False)

    def __init__(self, *args, organisation, periods, subject_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.in_organisation(organisation)
        self.fields["period"].choices = [("", _("All")), *[(str(y), f"{y}–{y + 4}") for y in periods]]
        self.fields["subject_type"].choices = [("", _("All")), *subject_types]


class EscalationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *EscalationStatus.choices])
