from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET
from styrbord.organisations.models import User
from styrbord.servicedesk.attachments import allowed_extensions, max_bytes
from styrbord.systems.models import System

from .models import Article, Course, CourseSession

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ServiceModelForm(forms.ModelForm):
    """Checks each field; the service validates the object as a whole and reports on the fields."""

    def _post_clean(self):
        pass


def _organisation_choices(form, organisation):
    if "owner" in form.fields:
        form.fields["owner"].queryset = User.objects.in_organisation(organisation).filter(is_active=True)
    if "systems" in form.fields:
        form.fields["systems"].queryset = System.objects.in_organisation(organisation).order_by("name")
    if "services" in form.fields:
        form.fields["services"].queryset = Service.objects.in_organisation(organisation).order_by("name")
    if "articles" in form.fields:
        form.fields["articles"].queryset = Article.objects.in_organisation(organisation).order_by("title")


class ArticleForm(ServiceModelForm):
    class Meta:
        model = Article
        fields = ["title", "summary", "kind", "body", "systems", "services", "audience", "status", "owner", "review_by"]
        widgets = {"review_by": DATE_WIDGET, "body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organisation_choices(self, organisation)
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("Keeps it up to date and may edit it. Empty: you.")


class CourseForm(ServiceModelForm):
    class Meta:
        model = Course
        fields = ["title", "description", "systems", "services", "articles", "audience", "status", "owner"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organisation_choices(self, organisation)
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("Runs the course and may edit it. Empty: you.")


class SessionForm(ServiceModelForm):
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("The meeting link for an online session (https)."),
    )

    class Meta:
        model = CourseSession
        fields = ["starts_at", "ends_at", "place", "online_url", "capacity", "note", "is_cancelled"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["is_cancelled"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s. Allowed types: %(types)s.") % {
            "size": filesizeformat(max_bytes()),
            "types": ", ".join(allowed_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join("." + ext for ext in allowed_extensions())


class EnrolForm(forms.Form):
    session = forms.ModelChoiceField(queryset=CourseSession.objects.none(), label=_("Session"))
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Person"), required=False, help_text=_("Empty: yourself.")
    )

    def __init__(self, *args, course=None, may_enrol_others=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = course.sessions.upcoming()
        if may_enrol_others:
            self.fields["person"].queryset = User.objects.in_organisation(course.organisation).filter(is_active=True)
        else:
            del self.fields["person"]


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=[("true", _("Attended")), ("false", _("Did not attend"))],
        coerce=lambda value: value == "true",
    )
