"""Where the app's folders are: inside the package when installed from a wheel, else the checkout.

A wheel maps the checkout's top-level ``templates/``, ``static/`` and ``migrations/`` into the
package (``registration/templates`` …, see setup.py). From a checkout (``pip install -e .``,
or tests run in the repo) they are read from the top level, so edits are live.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # registration/
PROJECT_ROOT = PACKAGE_DIR.parent


def folder(name: str) -> Path:
    """``templates``, ``static`` or ``migrations``: the installed copy, or the checkout's."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PROJECT_ROOT / name


def installed_from_wheel() -> bool:
    return (PACKAGE_DIR / "templates").is_dir()


def default_instance_path() -> Path:
    """``instance/`` in a checkout; ``<venv>/var/pamelding-instance`` when installed (never
    site-packages). INSTANCE_PATH overrides both."""
    if installed_from_wheel():
        return Path(sys.prefix) / "var" / "pamelding-instance"
    return PROJECT_ROOT / "instance"
