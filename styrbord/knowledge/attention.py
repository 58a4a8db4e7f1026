"""What the home page asks of article owners: articles past their review date."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention

from .choices import Status
from .models import Article


@register_attention
def articles_to_review(request):
    organisation = request.organisation
    if organisation is None:
        return []
    overdue = list(
        Article.objects.in_organisation(organisation)
        .filter(owner=request.user, status=Status.PUBLISHED, review_by__lt=timezone.localdate())
        .order_by("review_by")
    )
    if not overdue:
        return []
    names = ", ".join(article.title for article in overdue[:5]) + (", …" if len(overdue) > 5 else "")
    return [
        Attention(
            title=ngettext(
                "%(count)d of your articles is past its review date",
                "%(count)d of your articles are past their review date",
                len(overdue),
            )
            % {"count": len(overdue)},
            text=_("Check that they are still right and set a new review date: %(articles)s") % {"articles": names},
            url=overdue[0].get_absolute_url()
            if len(overdue) == 1
            else reverse("knowledge:article_list") + "?review=overdue",
            severity="warning",
            count=len(overdue),
        )
    ]
