"""Install pip into a venv made with --without-pip (Debian's python3 lacks ensurepip
unless python3-venv is installed). Fetches the pip wheel from PyPI, the one registry we need anyway."""

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
    release = json.load(response)
wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / wheel["filename"]
    with urllib.request.urlopen(wheel["url"], timeout=120) as response:
        path.write_bytes(response.read())
    # A wheel is a zip archive Python can run pip from directly.
    subprocess.check_call([sys.executable, f"{path}/pip", "install", "--quiet", str(path)])
