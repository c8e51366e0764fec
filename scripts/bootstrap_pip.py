"""Install pip into a venv made with --without-pip (Debian's python3 lacks ensurepip
unless python3-venv is installed). Fetches the pip wheel from PyPI, the one registry we need anyway."""

import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/pypi/pip/json"
with urllib.request.urlopen(INDEX, timeout=60) as response:
    release = json.load(response)
wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / wheel["filename"]
    # Mirrors may answer with addresses relative to the JSON document.
    with urllib.request.urlopen(urllib.parse.urljoin(INDEX, wheel["url"]), timeout=120) as response:
        path.write_bytes(response.read())
    # A wheel is a zip archive Python can run pip from directly.
    subprocess.check_call([sys.executable, f"{path}/pip", "install", "--quiet", str(path)])
