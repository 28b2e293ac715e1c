"""The koza-series sample keeps its sessions in 記録.xlsx: a small binary made by nenpo itself."""

from __future__ import annotations

from conftest import RECORDS

from nenpo.records.sheets.export import export_workbook

SAMPLE = RECORDS / "koza-series"


def test_the_sample_workbook_is_what_export_writes_from_it() -> None:
    """Made with `nenpo export records/koza-series --xlsx 記録.xlsx` (from the YAML it replaced);
    exporting it again gives the same bytes, so the binary in git is the code's output, not a
    hand-edited file. After a change to the workbook's form, write it again with that command."""
    committed = (SAMPLE / "記録.xlsx").read_bytes()
    assert export_workbook(SAMPLE).data == committed
    assert len(committed) < 40_000
    assert not (SAMPLE / "sessions").exists()
