import pytest

from stages.instrument.manifest import load_manifest

pytestmark = pytest.mark.slow
# The last stage's number and tag follow the manifest as stages are added before it.
LAST = load_manifest().stage("refactored")
LAST_LABEL = f"{LAST.number} {LAST.slug}"
LAST_PAGE = f"stage-{LAST.number}-{LAST.slug}.html"
LAST_DIFF = f"diff-{LAST.number}-{LAST.slug}.html"


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, uncaught exceptions and failed requests."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    yield page
    context.close()


def open_index(page, small_report):
    page.goto((small_report / "index.html").as_uri())
    return page


def test_the_index_links_to_a_stage_page_and_from_there_to_its_diff(page, small_report):
    open_index(page, small_report)
    page.click(f"table.matrix th a:has-text('{LAST_LABEL}')")
    page.wait_for_url(f"**/{LAST_PAGE}")
    assert f"Stage {LAST.number}" in page.inner_text("h1")
    page.click("#diff-link")
    page.wait_for_url(f"**/{LAST_DIFF}")
    assert page.locator("table.diff tr.insert").count() > 0
    assert page.locator("table.diff td.right span.k").count() > 0
    assert page.problems == []


def test_the_charts_render_as_non_empty_svg(page, small_report):
    open_index(page, small_report)
    for chart in ("#score-chart svg", "#replay-chart svg"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
        assert page.locator(f"{chart} path").count() > 10
    assert page.problems == []


def test_a_matrix_cell_links_to_its_evidence(page, small_report):
    open_index(page, small_report)
    page.click("table.matrix tr:has(th:has-text('00 monolith')) td a >> nth=0")
    page.wait_for_url("**/stage-00-monolith.html#DEBT-10")
    assert page.locator("h3#DEBT-10").is_visible()
    assert page.problems == []


def test_the_stage_page_shows_the_probes_that_flipped_and_the_golden_master_changes(
    page, small_report
):
    first = load_manifest().stage("01")
    page.goto((small_report / f"stage-{first.number}-{first.slug}.html").as_uri())
    flipped = page.inner_text("#flipped + table")
    assert "DEBT-10" in flipped and "DEBT-11" not in flipped
    assert "the same 200 holdout decisions" in page.inner_text("#golden + p")
    assert page.problems == []


def test_the_last_stage_page_names_the_golden_master_it_shares_with_its_predecessor(
    page, small_report
):
    page.goto((small_report / LAST_PAGE).as_uri())
    golden = page.inner_text("#golden + p")
    assert "same approved file as its predecessor" in golden
    assert "tests/golden/stages.stage_12_human_review.approved.csv" in golden
    assert page.problems == []
