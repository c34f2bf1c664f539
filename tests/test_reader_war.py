"""The reader on war reporting the team wrote: parts name their whole, rates their period."""

from __future__ import annotations

import claimledger


def test_parts_name_their_whole_and_rates_their_period() -> None:
    text = (
        "We have treated 87 injured people since Sunday, and six of them died. "
        "At least 12 civilians, including three children, were killed in Kramatorsk. "
        "Some 824 Russian troops are dying each day, according to Ukrainian updates."
    )
    claims = claimledger.read(text, published="2022-04-10").claims
    by_count = {c.count.low: c for c in claims}
    assert by_count[6].subset_of == by_count[87].id
    assert by_count[3].subset_of == by_count[12].id
    assert by_count[12].subset_of is None and by_count[87].subset_of is None
    assert by_count[824].rate == "day" and by_count[12].rate is None
