"""The dashboard as first designed, for dashboard_load.py's baseline (`streamlit run` this file):
no snapshot; every read opens the database itself, read-only, and fails at once when a writer
holds it."""
import os

os.environ["PALABRE_LOCK_WAIT"] = "0"

from analytics.dashboard import data  # noqa: E402
from analytics.dashboard.app import run  # noqa: E402
from analytics.store import connect  # noqa: E402

data.snapshot_cursor = lambda *args: None
data.open_reader = lambda directory: connect(directory, read_only=True, wait=0)
run()
