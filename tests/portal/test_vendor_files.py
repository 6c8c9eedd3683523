"""Every third-party browser file is served by the portal itself, with its version in
its name and its package, version and licence in static/vendor/README.md."""

import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
VERSIONED = re.compile(r"^(?P<name>[a-z.-]+?)-(?P<version>\d+\.\d+\.\d+)\.")


def listed_rows():
    """file name → (version column, licence column) from the README's table."""
    rows = {}
    for line in (VENDOR / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and VERSIONED.match(cells[0].split(",")[0]):
            for name in cells[0].split(","):
                rows[name.strip()] = (cells[2], cells[3])
    return rows


def test_every_vendor_file_has_its_version_and_licence_written_down():
    rows = listed_rows()
    served = [path.name for path in VENDOR.iterdir() if path.suffix in (".js", ".css")]
    assert "accessible-autocomplete-3.0.1.min.js" in served
    for name in served:
        assert name in rows, f"{name} is not in static/vendor/README.md"
        version, licence = rows[name]
        assert VERSIONED.match(name)["version"] == version, name
        licence_file = re.search(r"`([^`]+)`", licence)
        assert licence_file and (VENDOR / licence_file[1]).is_file(), name


def test_templates_load_browser_libraries_from_the_portal_only():
    templates = Path(settings.BASE_DIR) / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://[^"']+\.(js|css)""", text), (
            template
        )
        for vendor in re.findall(r"vendor/([\w.-]+\.(?:js|css))", text):
            assert (VENDOR / vendor).is_file(), f"{template}: {vendor}"
