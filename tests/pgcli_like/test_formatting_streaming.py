"""Formatting streams: output appears batch by batch and never holds more than a batch or two."""

from __future__ import annotations

import pytest

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting import BATCH_SIZE, FORMAT_NAMES, format_result
from pgcli_like.settings import OutputSettings


class CountingResult:
    """A ResultStream over ``total`` generated rows that records how many were handed out."""

    table_name = None
    status = ""

    def __init__(self, total: int) -> None:
        self.columns = [ColumnInfo("n", "int8", "number"), ColumnInfo("label", "text", "text")]
        self.total = total
        self.produced = 0
        self.closed = False

    def batches(self, size: int = 1000):
        start = 0
        while start < self.total and not self.closed:
            stop = min(start + size, self.total)
            rows = [(i, f"row {i}") for i in range(start, stop)]
            self.produced = stop
            yield rows
            start = stop

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_first_output_needs_only_the_first_batch(name):
    result = CountingResult(50 * BATCH_SIZE)
    chunks = format_result(result, OutputSettings(format=name, color=False), width=80)
    first = next(chunks)
    assert first
    assert result.produced <= BATCH_SIZE


def test_a_million_rows_are_formatted_without_reading_ahead():
    result = CountingResult(1_000_000)
    lines_out = 0
    worst_lead = 0
    for chunk in format_result(result, OutputSettings(format="table", color=False), width=80):
        lines_out += chunk.count("\n")
        worst_lead = max(worst_lead, result.produced - lines_out)
    assert lines_out == 1_000_000 + 4  # header, rule, footer, blank line
    assert worst_lead <= BATCH_SIZE  # never more than one batch between fetch and output


@pytest.mark.parametrize("name", ["csv", "jsonl", "vertical"])
def test_other_formats_stream_too(name):
    result = CountingResult(20 * BATCH_SIZE)
    seen = 0
    for _chunk in format_result(result, OutputSettings(format=name, color=False), width=80):
        seen += 1
        assert result.produced <= seen * BATCH_SIZE
    assert seen >= 20


def test_closing_early_stops_the_fetch():
    result = CountingResult(1_000_000)
    chunks = format_result(result, OutputSettings(color=False), width=80)
    next(chunks)
    result.close()
    list(chunks)
    assert result.produced < 1_000_000
