from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET, department_choices
from styrbord.systems.models import System

from .choices import QuestionKind
from .models import Question, SurveyRound
from .services import OPEN_FIELDS, ROUND_FIELDS


class RoundForm(forms.ModelForm):
    """The round's fields; the service validates the round as a whole and reports on the fields."""

    class Meta:
        model = SurveyRound
        fields = list(ROUND_FIELDS)
        widgets = {"opens_on": DATE_WIDGET, "closes_on": DATE_WIDGET, "introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation=None, with_nki=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.is_draft:
            for name in set(ROUND_FIELDS) - set(OPEN_FIELDS):
                del self.fields[name]
        if "target_department" in self.fields:
            department_choices(self.fields["target_department"], organisation)
            services = Service.objects.filter(organisation=organisation).order_by("name")
            self.fields["target_service"].queryset = services
            self.fields["service"].queryset = services
            self.fields["target_system"].queryset = System.objects.filter(organisation=organisation).order_by("name")
        if with_nki:
            self.fields["nki"] = forms.BooleanField(
                label=_("Include the satisfaction index (NKI) questions"), required=False, initial=True
            )

    def _post_clean(self):
        pass


class QuestionForm(forms.ModelForm):
    """Add or edit a question; editing also moves it (``order``: its position, 1 = first).

    A satisfaction-index (NKI) question is SCB's fixed text and scale: it can only be moved.
    """

    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one option per line."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "choices", "scale_min", "scale_max", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in QuestionKind.choices if k != QuestionKind.NKI]
        question = self.instance
        if question.pk is None:
            return
        self.initial["choices"] = "\n".join(str(option) for option in question.choices or [])
        self.fields["order"] = forms.IntegerField(
            label=_("Position"),
            min_value=1,
            initial=question.order,
            help_text=_("1 = the first question."),
        )
        if question.kind == QuestionKind.NKI:
            for name in list(self.fields):
                if name != "order":
                    del self.fields[name]

    def clean_choices(self):
        return [line.strip() for line in (self.cleaned_data.get("choices") or "").splitlines() if line.strip()]

    def _post_clean(self):
        pass


class QuestionMoveForm(forms.Form):
    """A move-up or move-down button on the round's page."""

    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


def answer_form(survey, data=None):
    """A form with one field per question of the round, named by the question's id."""
    form = forms.Form(data)
    for question in survey.questions.all():
        name = str(question.pk)
        if question.kind in (QuestionKind.SCALE, QuestionKind.NKI):
            choices = [(n, str(n)) for n in range(question.scale_min, question.scale_max + 1)]
            field = forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect)
        elif question.kind == QuestionKind.CHOICE:
            field = forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect)
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
        field.label = question.display_text
        field.required = question.required and question.kind != QuestionKind.TEXT
        if question.kind == QuestionKind.NKI:
            field.help_text = _("1 = not at all, 10 = completely.")
        form.fields[name] = field
    return form
