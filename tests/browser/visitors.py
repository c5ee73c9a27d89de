"""Other visitors for a test: ``python visitors.py URL STOP_FILE`` opens two browser sessions
that keep opening the map of one province after another (each visit a full script run) until
STOP_FILE exists or 240 s have passed, then prints how many visits ended. Every run's end makes
Streamlit close all pyplot figures in that server process."""

import os
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def main(url: str, stop: Path, limit_s: float = 240.0) -> int:
    done = 0
    deadline = time.monotonic() + limit_s
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), headless=True,
            args=["--no-sandbox", "--disable-gpu"])
        pages = [browser.new_context().new_page() for _ in range(2)]
        provinces = ["61", "62", "63", "64", "65"]
        while not stop.exists() and time.monotonic() < deadline:
            for page in pages:
                page.goto(f"{url}/?provinsi={provinces[done % 5]}")
                page.locator(MAP_IFRAME).wait_for(timeout=60_000)
                done += 1
        browser.close()
    print(done, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
