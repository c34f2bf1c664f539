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


def test_a_sentence_that_restates_the_figure_takes_the_harm_of_the_sentence_before() -> None:
    text = (
        "The number of refugees fleeing the invasion could reach 1.5 million by the weekend, the UN said. "
        "The figure is currently above 1.3 million.\nThe figure is 12."
    )
    claims = claimledger.read(text, published="2022-03-05").claims
    assert [(c.category, c.count.low, c.count.high) for c in claims] == [("displaced", 1300001, None)]


def test_a_pronoun_soon_after_a_claim_about_one_person_is_that_person_again() -> None:
    text = (
        "Her husband is dead, killed by soldiers after going to pick up some items.\n"
        "“He walked just 20 metres from the house and the Russians killed him.”\n"
        "The village was occupied for a month.\nIts school was shelled twice.\n"
        "In another village, troops killed him, a neighbour said."
    )
    claims = claimledger.read(text, published="2022-04-08").claims
    assert [(c.category, c.count.text) for c in claims] == [("dead", "Her husband"), ("dead", "him")]


def test_a_new_line_that_names_again_the_place_of_the_line_before_takes_its_town() -> None:
    text = (
        "Surgeons in Sumy say the regional hospital has run out of blood.\n"
        "“Fourteen patients have died this week,” a nurse at the hospital told Reuters.\n"
        "Fighting went on in the north.\n"
        "Nine people died of their wounds at the hospital, a doctor said."
    )
    claims = claimledger.read(text, published="2022-03-10").claims
    places = {c.count.low: [p.name for p in c.places] for c in claims if c.count.low}
    assert places[14] == ["Sumy"]  # "the hospital" is the Sumy hospital of the line before
    assert places[9] != ["Sumy"]  # the line before it named no hospital: no town is carried over


def test_a_hedge_on_what_an_event_means_leaves_its_toll_asserted() -> None:
    # the modal qualifies the reading of the strike; the deaths in the participle that describes it are not in doubt
    text = (
        "The missile strike on the market, causing at least 23 deaths in the town, might be read as a warning to the "
        "summit.\nThe strike, which may have killed 9 soldiers, hit a barracks."
    )
    claims = claimledger.read(text, published="2022-06-28").claims
    assert [(c.count.low, c.status) for c in claims] == [(23, "asserted"), (9, "hedged")]


def test_a_war_that_claimed_lives_reports_nothing() -> None:
    claims = claimledger.read("The shelling of the port has claimed thousands of lives.", published="2022-05-01").claims
    assert [(c.count.low, c.status, [s.kind for s in c.sources]) for c in claims] == [(2000, "asserted", [])]


def test_parts_said_without_a_harm_word_take_their_wholes_harm() -> None:
    text = (
        "Some 1,400 people were evacuated from Sumy on Friday, with 310 of those from Trostianets. "
        "Of the 52 people killed in the raid, 17 were children.\n"
        "The shelling killed 23 civilians. Among them were four firefighters.\n"
        "Moscow says 3,100 people were evacuated to Russia from Mariupol, of which 900 foreign nationals.\n"
        "Of the 150 tickets sold, 15 went to Americans. Kyiv sent 40 tanks, of which 12 are new.\n"
        "Soldiers captured two pilots. One of them had flown over Syria."
    )
    claims = claimledger.read(text, published="2022-04-10").claims
    by_count = {c.count.low: c for c in claims}
    assert sorted(by_count) == [2, 4, 17, 23, 52, 310, 900, 1400, 3100]
    for part, whole in ((310, 1400), (17, 52), (4, 23), (900, 3100)):
        assert by_count[part].subset_of == by_count[whole].id
        assert by_count[part].category == by_count[whole].category


def _one(text: str, count: str, published: str = "2022-05-20") -> claimledger.Claim:
    claims = claimledger.read(text, published=published, outlet="The Guardian").claims
    (claim,) = [c for c in claims if c.count.text == count]
    return claim


def test_who_vouches_for_a_claim_and_how() -> None:
    # a modal on the main verb qualifies the reading of the raid, not the deaths told about its subject
    raid = _one("The raid on the depot, which killed 14 conscripts, might be seen as a reply to the attack.", "14")
    late = _one("Russia’s raid on the depot, causing 14 deaths, could be seen as a reply to the attack.", "14")
    assert late.status == "asserted"
    assert raid.status == "asserted" and [s.kind for s in raid.sources] == ["outlet"]
    # someone unnamed passes it on: hedged, and the source is unknown, as the war gold codes it
    taken = _one("Three volunteers who were reportedly captured by Russian troops have been named.", "Three")
    assert taken.status == "hedged" and [(s.text, s.kind) for s in taken.sources][1:] == [("reportedly", "unknown")]
    said = _one("At least 11 people were said to have died in the basement.", "At least 11")
    assert said.sources[-1].kind == "unknown" and not said.sources[-1].named
    heard = _one("The envoy was asked about reports that 600 children had been deported.", "600")
    assert heard.status == "reported" and [(s.text, s.kind) for s in heard.sources][1:] == [("reports that", "unknown")]
    wired = _one("Reuters reported that 27 people were killed in the town.", "27")
    assert [(s.text, s.kind) for s in wired.sources][1:] == [("Reuters", "outlet")]
    # an announcement vouches for the news in its object
    swap = _one("Kyiv’s defence ministry announced a swap, securing the release of 52 of its marines.", "52")
    assert swap.status == "reported" and swap.sources[-1].kind == "military"


def test_an_equal_number_in_the_next_sentence_repeats_the_figure_of_its_paragraph() -> None:
    text = (
        "More than 400,000 people have fled the country, the agency said. An equal number are displaced inside it.\n"
        "An equal number of volunteers signed up."
    )
    claims = claimledger.read(text, published="2022-03-04").claims
    assert [(c.count.text, c.count.low) for c in claims] == [("More than 400,000", 400001), ("An equal number", 400001)]


def test_he_said_on_a_new_line_after_a_quotation_is_the_speaker_named_before() -> None:
    text = (
        "Ukraine's foreign minister, Dmytro Kuleba, said in a video address: “We will not give in.”\n"
        "He said 120 civilians had been evacuated from Lysychansk on Tuesday.\n"
        "The mayor of Mykolaiv, Oleksandr Senkevych, wrote on Telegram: “The city is under fire.”\n"
        "He said three people had been killed in the shelling of the port overnight."
    )
    claims = {c.count.low: c for c in claimledger.read(text, published="2022-06-22", outlet="The Guardian").claims}
    assert [(s.text, s.kind) for s in claims[120].sources][1:] == [("Dmytro Kuleba", "government")]
    assert [(s.text, s.kind) for s in claims[3].sources][1:] == [("Oleksandr Senkevych", "official")]


def test_the_mayor_named_again_is_the_same_person() -> None:
    text = (
        "Russian troops detained Oksana Petrenko, a Melitopol official, on Friday, and her colleagues later said the "
        "official was abducted.\nSeparately, a farmer was wounded by shelling near Orikhiv and the driver was "
        "wounded too."
    )
    claims = claimledger.read(text, published="2022-05-20").claims
    assert [(c.category, c.count.text) for c in claims] == [
        ("captured", "Petrenko"),
        ("wounded", "a farmer"),
        ("wounded", "the driver"),
    ]


def test_another_war_does_not_give_its_side_to_a_toll_that_names_none() -> None:
    text = (
        "Ukrainian civilians were killed in Kharkiv on Monday, and Ukrainian civilians were wounded in Sumy.\n"
        "Decades ago, in the second world war, over a million people perished in that battle alone."
    )
    claims = claimledger.read(text, published="2022-05-20").claims
    stalingrad = next(c for c in claims if c.count.low == 1000001)
    assert stalingrad.conflict == "world-war-2" and stalingrad.subject.party is None


def test_of_which_refers_to_the_figure_right_before_it_not_an_earlier_harm() -> None:
    text = (
        "About 900,000 people have been evacuated to Russia, the ministry said. Its hotline got requests to move "
        "1.5 million people, of which 12,000 were foreigners."
    )
    claims = claimledger.read(text, published="2022-04-30").claims
    assert [c.count.text for c in claims] == ["About 900,000"]


def test_the_harmed_including_or_among_them_are_parts_and_losses_are_their_sides() -> None:
    text = (
        "A missile killed 23 people in Vinnytsia on Thursday. The victims included three children.\n"
        "At least 30 people were killed in Kramatorsk. Two nurses were among the dead.\n"
        "Kyiv said the raid ended with heavy Russian losses, put at 400 men."
    )
    claims = claimledger.read(text, published="2022-07-15").claims
    by_count = {c.count.low: c for c in claims if c.count.low}
    assert by_count[3].subset_of == by_count[23].id and by_count[2].subset_of == by_count[30].id
    assert by_count[3].category == by_count[2].category == "dead"
    losses = [c for c in claims if c.category == "casualties"]
    assert losses and all(c.subject.party == "Russia" and c.subject.affiliation == "military" for c in losses)


def test_a_number_of_those_harmed_is_a_part_of_the_harm_before() -> None:
    text = "Rockets hit a bus station in Kramatorsk, killing 31 people. Four of those killed were children."
    claims = claimledger.read(text, published="2022-04-09").claims
    by_count = {c.count.low: c for c in claims}
    assert by_count[4].category == "dead" and by_count[4].subset_of == by_count[31].id
    (alone,) = claimledger.read("Two of those injured remain in hospital.", published="2022-04-09").claims
    assert (alone.category, alone.count.low) == ("wounded", 2)
