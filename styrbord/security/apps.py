from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "styrbord.security"
    label = "security"
    verbose_name = _("Information security")

    def ready(self):
        from . import rules  # noqa: F401

        self.ready_classification()
        self.ready_measures()

    def ready_classification(self):
        """The classification side: classifications, findings, settings, the management-quality rule."""

        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, compliance_rule, demo  # noqa: F401

        area = _("Security")
        register_nav(
            NavItem(area, _("Classifications"), "security:classification_list", order=700),
            NavItem(
                area,
                _("Findings"),
                "security:finding_list",
                order=705,
                visible=lambda user, organisation: user.has_perm("security.view_findings", organisation),
            ),
            NavItem(
                area,
                _("Security settings"),
                "security:settings",
                order=790,
                visible=lambda user, organisation: user.has_perm("security.change_securitysettings", organisation),
            ),
        )
        compliance_rule.register()

    def ready_measures(self):
        """The measure side: catalogue, self-assessments, action plan, progress and quality."""
        from styrbord.core.navigation import NavItem, register_nav

        from . import demo_measures, measure_attention, tasks  # noqa: F401

        area = _("Security")
        register_nav(
            NavItem(area, _("Measures"), "security:measure_list", order=710),
            NavItem(area, _("Action plan"), "security:action_list", order=720),
            NavItem(
                area,
                _("Progress"),
                "security:progress",
                order=730,
                visible=lambda user, organisation: user.has_perm("security.view_progress", organisation),
            ),
            NavItem(area, _("Security quality"), "security:quality", order=740),
        )
