"""Which packages the wheel holds; everything else is in pyproject.toml.

The checkout keeps templates/, static/ and migrations/ at the top level; the wheel maps them
into the package as registration/templates, registration/static and registration/migrations
(registration/core/resources.py finds them either way). pyproject.toml cannot both discover the
registration.* packages and add mapped ones, hence this file.
"""

from setuptools import find_namespace_packages, setup

FOLDERS = ("templates", "static", "migrations")
SKIP = ["*__pycache__"]


def _importable(name: str) -> bool:
    return all(part.isidentifier() for part in name.split("."))


packages = find_namespace_packages(include=["registration", "registration.*"], exclude=SKIP)
for folder in FOLDERS:
    # Subfolders too, so setuptools does not warn about data in "packages" it was not told of.
    inside = filter(_importable, find_namespace_packages(where=folder, exclude=SKIP))
    packages += [f"registration.{folder}", *(f"registration.{folder}.{sub}" for sub in inside)]

setup(
    packages=packages,
    package_dir={f"registration.{folder}": folder for folder in FOLDERS},
)
