"""The regeneration command: which stages have a document, and `--check` on a current one."""

from stages.instrument.openapi_export import main, stages_with_contract
from stages.instrument.stage_list import STAGE_PACKAGES


def test_once_a_stage_publishes_a_document_every_later_stage_does():
    published = stages_with_contract()
    first = STAGE_PACKAGES.index(published[0])

    assert published == list(STAGE_PACKAGES[first:])
    assert "monolith" not in published


def test_check_passes_when_the_committed_document_is_current(capsys):
    assert main(["--check", "--stage", "refactored"]) == 0
    assert "up to date: 1 documents" in capsys.readouterr().out
