"""On the home page: the invited person's open surveys not yet answered."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention

from .choices import RoundStatus
from .models import Invitation


@register_attention
def unanswered_surveys(request):
    if not request.user.is_authenticated or request.organisation is None:
        return []
    count = Invitation.objects.filter(
        person=request.user,
        answered_on__isnull=True,
        round__organisation=request.organisation,
        round__status=RoundStatus.OPEN,
    ).count()
    if not count:
        return []
    return [
        Attention(
            _("Customer survey"),
            ngettext(
                "You are invited to %(count)d survey: see the link in your e-mail.",
                "You are invited to %(count)d surveys: see the links in your e-mail.",
                count,
            )
            % {"count": count},
            count=count,
        )
    ]
