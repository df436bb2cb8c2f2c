"""The regeneration command: which stages have a document, and `--check` on a current one."""

from stages.instrument.openapi_export import main, stages_with_contract
from stages.instrument.stage_list import STAGE_PACKAGES


def test_every_stage_from_the_input_contract_on_has_a_document_and_none_before():
    first = STAGE_PACKAGES.index("stages.stage_03_input_contract")

    assert stages_with_contract() == list(STAGE_PACKAGES[first:])


def test_check_passes_when_the_committed_document_is_current(capsys):
    assert main(["--check", "--stage", "refactored"]) == 0
    assert "up to date: 1 documents" in capsys.readouterr().out
