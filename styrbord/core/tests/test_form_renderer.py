"""The select renderer gives exactly the markup of Django's own templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from styrbord.core.forms import FormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Alfa & <Beta>"),
    ('Grupp "1"', [("b", "Bravo"), ("c", "Charlie")]),
    (3, "Tre"),
]


class Sample(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    flag = forms.NullBooleanField(required=False)
    custom = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "wide", "data-x": 'say "hi"', "disabled": True})
    )


@pytest.mark.parametrize(
    "data",
    [{}, {"single": "b", "many": ["a", "c"], "flag": "true", "custom": "3"}, {"single": "<script>", "custom": "a"}],
)
def test_selects_render_exactly_as_django_templates(data):
    ours, django = Sample(data, renderer=FormRenderer()), Sample(data, renderer=DjangoTemplates())
    for name in ("single", "many", "flag", "custom"):
        assert str(ours[name]) == str(django[name])
    assert "Alfa &amp; &lt;Beta&gt;" in str(ours["single"])
    assert '<optgroup label="Grupp &quot;1&quot;">' in str(ours["single"])


def test_the_project_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), FormRenderer)
    finally:
        get_default_renderer.cache_clear()


def test_a_select_with_an_option_template_of_its_own_goes_through_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("x", "X")])
    html = widget.render("pick", "x", renderer=FormRenderer())
    assert 'type="None"' not in html and "<input" in html  # the option template of its own was used
    assert html == widget.render("pick", "x", renderer=DjangoTemplates())
