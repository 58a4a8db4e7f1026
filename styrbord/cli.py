"""The ``styrbord`` command: Django's management commands under the product's name.

``styrbord serve``, ``styrbord demo``, ``styrbord token USERNAME`` and every other
management command. A hyphenated name (``export-charges``) runs the command whose
module uses underscores.
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrbord.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "styrbord"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
