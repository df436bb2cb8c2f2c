"""Screenshots of a built report for the README: the index and one diff page.

`python -m stages.instrument.report.screenshots REPORT_DIR OUT_DIR` (run by
`make screenshots` after a fresh `make report`) opens the pages in Debian's headless Chromium
through Playwright and writes `index.png` and `diff.png`, reduced to a 256-colour palette so
that each stays small enough to commit.
"""

import argparse
import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 760}
COLOURS = 256


def diff_page(report: Path) -> Path:
    """The diff page of the last stage (the largest repayment), or the first diff page."""
    pages = sorted(report.glob("diff-*.html"))
    if not pages:
        raise FileNotFoundError(f"{report} has no diff page: build the report first")
    return pages[-1]


def small_png(png: bytes) -> bytes:
    """The screenshot reduced to a palette PNG."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(COLOURS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def take(report: Path, out: Path) -> list[Path]:
    """Screenshot the index and a diff page of `report` into `out`.

    Args:
        report: A built report's folder.
        out: Where to write `index.png` and `diff.png`.

    Returns:
        The files written.
    """
    out.mkdir(parents=True, exist_ok=True)
    report = report.resolve()
    shots = {"index.png": report / "index.html", "diff.png": diff_page(report)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        for name, source in shots.items():
            page.goto(source.as_uri())
            (out / name).write_bytes(small_png(page.screenshot()))
        browser.close()
    return [out / name for name in shots]


def main(argv: list[str] | None = None) -> None:
    """Command line: screenshot a built report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="the built report's folder")
    parser.add_argument("out", type=Path, help="where to write the PNG files")
    arguments = parser.parse_args(argv)
    for path in take(arguments.report, arguments.out):
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
