"""What the tests read of stored uploads, through the storage API: the same on the
local disk and in the bucket (make test's S3 pass)."""

from django.core.files.storage import default_storage


def stored(folder):
    """Every file name under `folder` in the storage the settings name."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" for name in files]
    for inner in folders:
        names += stored(f"{folder}/{inner}")
    return sorted(names)
