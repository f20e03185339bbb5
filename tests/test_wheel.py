"""A built wheel runs on its own: templates, static files and migrations travel inside it.

Builds the wheel from a copy of the checkout (so no build/ is left behind), installs it in a
fresh virtualenv, and from a folder outside the checkout runs ``flask db upgrade`` on a new
SQLite file and serves ``registration.wsgi:app`` with the virtualenv's gunicorn.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.live import free_port

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parent.parent
# Top-level folders the wheel maps into the package (setup.py), and what stays out of it.
MAPPED = ("templates", "static", "migrations")
NOT_SHIPPED = {"registration/messages.pot"}  # the extraction template, for translators only
STARTUP_DEADLINE = 120  # seconds; the machine may be busy


@dataclass
class Installed:
    source: Path  # the copy of the checkout the wheel was built from
    venv: Path
    site_packages: Path
    cwd: Path  # outside the checkout, so the checkout is not importable
    env: dict[str, str]
    database: Path

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(args, cwd=self.cwd, env=self.env, capture_output=True,
                                text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
        return result


def _checkout_files() -> list[str]:
    """What a fresh clone has (tracked files, plus new ones not ignored yet)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: what the build reads
        listed = ["pyproject.toml", "setup.py", *(
            path.relative_to(ROOT).as_posix() for top in ("registration", *MAPPED)
            for path in (ROOT / top).rglob("*") if "__pycache__" not in path.parts)]
    return sorted({name for name in listed if name and (ROOT / name).is_file()})


def _run(args: list[str], timeout: float) -> None:
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    source, wheels, venv, cwd = (base / name for name in ("source", "wheels", "venv", "run"))
    for name in _checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    # No build isolation: the test environment's setuptools (>=70.1, from the test extra)
    # builds it, without fetching a build environment.
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", str(wheels), str(source)], timeout=300)
    (wheel,) = wheels.glob("pamelding-*.whl")
    # A bare virtualenv, filled by this environment's pip (pip's cache keeps it quick).
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], timeout=120)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
          "--no-compile", str(wheel)], timeout=600)
    site_packages = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, cwd=base,
    ).stdout.strip())
    cwd.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "FLASK_APP"}}
    database = base / "app.sqlite3"
    env.update({
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "wheel-Vq3xP0m9-ZkR2tYw8LbN4cHs7JdF1gUe6AiO5",
        "PUBLIC_URL": "https://pamelding.example.no",
        "INSTANCE_PATH": str(base / "instance"),
        "APP_ENV": "production",
    })
    yield Installed(source, venv, site_packages, cwd, env, database)


def test_wheel_carries_every_file_the_app_reads(installed: Installed) -> None:
    package = installed.site_packages / "registration"
    missing, different = [], []
    for path in sorted(installed.source.rglob("*")):
        name = path.relative_to(installed.source).as_posix()
        top = name.split("/", 1)[0]
        if not path.is_file() or name in NOT_SHIPPED or top not in {"registration", *MAPPED}:
            continue
        target = installed.site_packages / name if top == "registration" else package / name
        if not target.is_file():
            missing.append(name)
        elif target.read_bytes() != path.read_bytes():
            different.append(name)
    assert not missing, f"not in the wheel: {missing}"
    assert not different, f"changed in the wheel: {different}"
    assert (package / "static/vendor/zxing-wasm/zxing_reader.wasm").stat().st_size > 0
    assert sorted(p.name for p in (package / "migrations/versions").glob("*.py"))


def test_installed_app_uses_the_installed_folders(installed: Installed) -> None:
    probe = (
        "import json, registration\n"
        "app = registration.create_app()\n"
        "print(json.dumps({'module': registration.__file__, 'templates': app.template_folder,"
        " 'static': app.static_folder, 'instance': app.instance_path,"
        " 'migrations': app.extensions['migrate'].directory}))\n"
    )
    found = json.loads(installed.run(installed.bin("python"), "-c", probe).stdout)
    package = installed.site_packages / "registration"
    assert Path(found["module"]) == package / "__init__.py"
    for name in MAPPED:
        assert Path(found[name]) == package / name
    assert Path(found["instance"]) == Path(installed.env["INSTANCE_PATH"])


def test_installed_app_migrates_and_serves(installed: Installed) -> None:
    flask = (installed.bin("flask"), "--app", "registration")
    installed.run(*flask, "db", "upgrade")
    with sqlite3.connect(installed.database) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    current = installed.run(*flask, "db", "current")
    assert f"{revision} (head)" in current.stdout + current.stderr

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = installed.cwd / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [installed.bin("gunicorn"), "--workers", "1", "--threads", "4",
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
             "registration.wsgi:app"],
            cwd=installed.cwd, env=installed.env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_DEADLINE
            while True:
                try:
                    health = requests.get(f"{base}/healthz", timeout=10)
                    if health.status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass  # not listening yet, or the worker is still loading the app
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn from the wheel did not start:\n"
                                + log_path.read_text()[-3000:])
                time.sleep(0.3)
            assert health.json() == {"status": "ok", "database": "ok"}

            page = requests.get(f"{base}/", timeout=30)
            assert page.status_code == 200, page.text[-2000:]
            assert '<html lang="nb"' in page.text
            assert "Kurs, konferanser og webinarer" in page.text
            stylesheets = re.findall(r'href="(/static/[^"?]+)', page.text)
            assert "/static/css/app.css" in stylesheets
            for url in [*stylesheets, "/static/vendor/zxing-wasm/zxing_reader.wasm",
                        "/static/vendor/barcode-detector/polyfill.iife.js"]:
                response = requests.get(f"{base}{url}", timeout=30)
                assert response.status_code == 200, url
                assert response.content == (installed.source / url.lstrip("/")).read_bytes()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
