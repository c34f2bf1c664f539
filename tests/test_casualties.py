"""Harm mentions: category, victim, count and what is never a casualty count."""

from __future__ import annotations

import pytest

from claimledger.casualties import HarmMention, find_harms
from claimledger.counts import find_counts


def harms(nlp, text: str) -> list[HarmMention]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    counts = find_counts(doc)
    return [h for sent in doc.sents for h in find_harms(sent, counts)]


def summary(found: list[HarmMention]) -> list[tuple[str, int | None, int | None, str | None]]:
    return [
        (h.category, h.count.low if h.count else (1 if h.singular else None),
         h.count.high if h.count else (1 if h.singular else None), h.subject_text)
        for h in found
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 12 civilians were killed in the strike.", [("dead", 12, None, "civilians")]),
        ("The attack killed 30 Ukrainian soldiers.", [("dead", 30, 30, "Ukrainian soldiers")]),
        ("Four people were wounded.", [("wounded", 4, 4, "people")]),
        ("A man was shot dead on Tuesday.", [("dead", 1, 1, "man")]),
        ("More than 250 Russian soldiers were taken prisoner.", [("captured", 251, None, "Russian soldiers")]),
        ("Nearly 1,000 servicemen remain missing.", [("missing", None, 1000, "servicemen")]),
        ("Dozens of families fled the fighting.", [("displaced", 24, None, "families")]),
        ("The army reported 1,200 casualties.", [("casualties", 1200, 1200, None)]),
    ],
)
def test_categories_counts_and_subjects(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


def test_subset_is_a_claim_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    found = summary(harms(nlp, "Shelling killed 198 civilians, including three children."))
    assert ("dead", 198, 198, "civilians") in found
    assert ("dead", 3, 3, "children") in found


@pytest.mark.parametrize(
    "text",
    [
        "Wounded soldiers were brought to three separate medical facilities.",
        "The town lies about 100 kilometres from the front.",
        "Homel is the second largest city in the country.",
    ],
)
def test_numbers_of_other_things_are_never_counts(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    for harm in harms(nlp, text):
        assert harm.count is None


@pytest.mark.parametrize(
    "text",
    [
        "No one was injured in the blast.",
        "The troopers inside the vehicle were not injured.",
        "He threatened to kill the villagers.",
        "People started shooting video of the convoy.",
        "The convoy moved in the dead of night.",
    ],
)
def test_no_harm_is_claimed(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_party_and_affiliation(nlp) -> None:  # type: ignore[no-untyped-def]
    (harm,) = harms(nlp, "Morgues are overflowing with Putin's troops.")
    assert harm.category == "dead"
    assert harm.affiliation == "military"
    assert "Putin" in " ".join(harm.party_words)


@pytest.mark.parametrize(
    "text",
    ["She is a Nigerian refugee.", "The refugee numbers rose sharply.", "He will die in exile.", "They could kill us."],
)
def test_labels_and_futures_are_not_claims(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_possibilities_in_the_past_stay_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [h.category for h in harms(nlp, "Soldiers may have been killed in the attack.")] == ["dead"]


def test_outcome_words_and_left_wounded(nlp) -> None:  # type: ignore[no-untyped-def]
    (harm,) = harms(nlp, "Police say one man was shot and critically wounded.")
    assert (harm.category, harm.trigger.text, harm.count.low if harm.count else None) == ("wounded", "wounded", 1)
    (harm,) = harms(nlp, "The shooting left one man critically injured.")
    assert harm.category == "wounded" and harm.count is not None and harm.count.low == 1


def test_wounds_count_wounds_not_people(nlp) -> None:  # type: ignore[no-untyped-def]
    for harm in harms(nlp, "Campbell sustained two gunshot wounds."):
        assert harm.count is None or harm.count.low != 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Knowles was pronounced dead at the scene.", [("dead", 1, 1, "Knowles")]),
        ("A 15-year-old was killed.", [("dead", 1, 1, "15-year-old")]),
        ("Two men were arrested in the death of his girlfriend.", [("dead", 1, 1, "his girlfriend")]),
        ("They found Kathy Giaquinta Smith dead.", [("dead", 1, 1, "Kathy Giaquinta Smith")]),
        ("Both children were taken to area hospitals in stable condition.", [("wounded", 2, 2, "children")]),
        ("The shooting claimed the life of a deputy.", [("dead", 1, 1, "deputy")]),
        ("A man opened fire outside a nightclub, striking five people.", [("wounded", 5, 5, "people")]),
        (
            "Felimon Contreras was killed along with Heriberto Corpus.",
            [("dead", 1, 1, "Felimon Contreras"), ("dead", 1, 1, "Heriberto Corpus")],
        ),
    ],
)
def test_names_companions_both_and_people_hit_by_fire(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text", ["The missile struck a school in Kharkiv.", "The food illnesses have struck the chain hard."]
)
def test_things_hit_are_not_casualties(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police are investigating a double homicide.", [("dead", 2, 2, None)]),
        ("Police are investigating the murder-suicide.", [("dead", 2, None, None)]),
        ("A family of five was found dead in their home.", [("dead", 5, 5, "family")]),
        ("A sheriff says two bailiffs and a gunman are dead.", [("dead", 2, 2, "bailiffs"), ("dead", 1, 1, "gunman")]),
        ("Two men were charged in the shooting death.", [("dead", 1, 1, None)]),
        ("A mother of three was killed.", [("dead", 1, 1, "mother")]),
    ],
)
def test_event_words_carry_their_victims(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    ["Homicide detectives are investigating.", "The bill was killed in committee.", "The strike hurt the economy."],
)
def test_no_victims_in_labels_and_idioms(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_one_of_two_is_one_and_a_fatal_wound_is_no_injury(nlp) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, "Two of the victims died.")) == [("dead", 2, 2, None)]
    found = summary(harms(nlp, "One person was pronounced dead at the scene from a gunshot wound."))
    assert [f for f in found if f[1] is not None] == [("dead", 1, 1, "person")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 dead, 4 wounded in drive-by shooting in north Phoenix", [("dead", 2, 2, None), ("wounded", 4, 4, None)]),
        ("Authorities identify Alton boy killed while playing basketball", [("dead", 1, 1, "Alton boy")]),
        ("Police said the man killed his wife.", [("dead", 1, 1, "his wife")]),
    ],
)
def test_headline_grammar(nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]) -> None:  # type: ignore[no-untyped-def]
    assert [f for f in summary(harms(nlp, text)) if f[1] is not None] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Four shot at Haw River sports bar", [("wounded", 4, 4, None)]),
        ("Four people shot outside bar in Buena Vista Township", [("wounded", 4, 4, "people")]),
        (
            "6 Shot, 1 Dead, 1 Critical In Kingsessing Shooting",
            [("wounded", 6, 6, None), ("dead", 1, 1, None), ("wounded", 1, 1, None)],
        ),
        ("3 Dead, 1 Critical in Waldorf", [("dead", 3, 3, None), ("wounded", 1, 1, None)]),
        ("Boy dies in restaurant shooting; suspects sought", [("dead", 1, 1, "Boy")]),
        ("Two injured, shooter dead at Alpine High School", [("wounded", 2, 2, None)]),
        (
            "The man charged with shooting three relatives to death appeared in court.",
            [("dead", 3, 3, "relatives")],
        ),
        ("Winona police: Victim of Friday night shooting died Monday evening", [("dead", 1, 1, "Victim")]),
        ("Girl, man killed in shooting; 2 others in hospital", [("dead", 1, 1, "man"), ("wounded", 2, 2, "others")]),
        ("The suspect fired one shot at an adversary.", []),
        ("Police: 4 adults, 1 child shot in Evanston", [("wounded", 4, 4, "adults"), ("wounded", 1, 1, "child")]),
        ("Gang-Related Shooting in Long Beach Leaves 4 Wounded", [("wounded", 4, 4, None)]),
        ("He fired 3 shots at the car", []),
        ("1 killed 3 injured in weekend shooting in Charlotte", [("wounded", 3, 3, None), ("dead", 1, 1, None)]),
        ("CBS 58 - Five Killed in Overnight Shootings in Milwaukee", [("dead", 5, 5, None)]),
        ("Man shoots TV in his home", []),
        ("He got the revolver, which he and other people had been shooting earlier.", []),
        ("They pointed the gun at him; they could have struck the little child.", []),
        ("Deputies are investigating an attempted murder-suicide involving two students.", []),
        ("Police said a man was accidentally shot in his lower body.", [("wounded", 1, 1, "man")]),
        (
            "Police say Flores accidentally discharged a gun, shooting himself and a woman.",
            [("wounded", 1, 1, "Flores"), ("wounded", 1, 1, "woman")],
        ),
        (
            "Both Flores and the female victim suffered injuries.",
            [("wounded", 1, 1, "Flores"), ("wounded", 1, 1, "female victim")],
        ),
        ("Two people may have been killed.", [("dead", 2, 2, "people")]),
        ("The blast killed a man and injured one of the family dogs.", [("dead", 1, 1, "man")]),
    ],
)
def test_shooting_headlines(nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]) -> None:  # type: ignore[no-untyped-def]
    assert [f for f in summary(harms(nlp, text)) if f[1] is not None] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Four people were shot at the end of a vigil.", [("wounded", 4, 4, "people")]),
        ("A man was shot at a party on Main Street.", [("wounded", 1, 1, "man")]),
        ("The gunman shot at officers.", []),
        ("He was shot at.", []),
    ],
)
def test_shot_at_a_place_is_hit_shot_at_a_target_is_not(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


def test_who_shot_himself_after_the_others_is_a_victim_too(nlp) -> None:  # type: ignore[no-untyped-def]
    found = summary(harms(nlp, "A husband shot his wife and baby girl before shooting himself."))
    assert ("wounded", 1, 1, "husband") in found and len(found) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They eliminated 5,000 troops in a single battle.", [("casualties", 5000, 5000, "troops")]),
        ("The enemy lost 1,260 soldiers yesterday.", [("casualties", 1260, 1260, "soldiers")]),
        ("Russian personnel losses amounted to 473 400 people.", [("casualties", 473400, 473400, None)]),
        ("Russia has about 70 to 80,000 losses.", [("casualties", 70000, 80000, None)]),
        ("Two Britons captured after fighting for Ukrainian forces face trial.", [("captured", 2, 2, "Britons")]),
        ("Russian forces have deported 2,000 children.", [("displaced", 2000, 2000, "children")]),
        ("Officials say 1,500 children have been taken by Russia.", [("displaced", 1500, 1500, "children")]),
        ("About 40 residents were moved against their will to Russia.", [("displaced", 40, 40, "residents")]),
        ("Russian forces deported 30 Ukrainian soldiers to Belarus.", [("captured", 30, 30, "Ukrainian soldiers")]),
        ("About 40 residents were moved to a shelter in the city.", []),
        ("Two British men held by Russian proxies were sentenced.", [("captured", 2, 2, "British men")]),
        ("About 2 million people have fled.", [("displaced", 2000000, 2000000, "people")]),
        ("More than 500,000 people have left Ukraine.", [("displaced", 500001, None, "people")]),
        ("An estimated 2.2 million have found shelter in Poland.", [("displaced", 2200000, 2200000, None)]),
        ("Some 16,400 people have arrived in the UK from Ukraine.", [("displaced", 16400, 16400, "people")]),
        ("Local officials raised the death toll from the strike to 47.", [("dead", 47, 47, None)]),
        ("The General Staff said 250 occupiers were eliminated.", [("casualties", 250, 250, "occupiers")]),
        ("The enemy lost 1,260 personnel over the past day.", [("casualties", 1260, 1260, "personnel")]),
        ("The army has lost up to 15,000 men.", [("casualties", None, 15000, "men")]),
        ("The total combat losses of the enemy amounted to 473,400 people.", [("casualties", 473400, 473400, None)]),
        (
            "According to the regional administration, one person was to die in the shelling.",
            [("dead", 1, 1, "person")],
        ),
        (
            "Moscow is accused of forcibly taking 402,000 civilians from Ukrainian cities to Russia.",
            [("displaced", 402000, 402000, "civilians")],
        ),
        (
            "The attack, causing at least 18 deaths in Kremenchuk, could be read as a message.",
            [("dead", 18, None, None)],
        ),
        (
            "Hundreds of Ukrainian fighters left the plant and surrendered.",
            [("captured", 200, None, "Ukrainian fighters")],
        ),
        ("With thousands now fleeing Ukraine, Freedland offers a reminder.", [("displaced", 2000, None, None)]),
        ("Officers said the man could face charges after he shot a woman.", [("wounded", 1, 1, "woman")]),
        (
            "Not only can Russian forces strike the west, killing at least 35 people, but they do not care.",
            [("dead", 35, None, "people")],
        ),
        (
            "A bomber hit a funeral in Baghdad, killing at least 32 people and injuring 80.",
            [("dead", 32, None, "people"), ("wounded", 80, 80, None)],
        ),
        (
            "Two IEDs exploded, killing 4 soldiers; 2 of the wounded later died in hospital.",
            [("dead", 4, 4, "soldiers"), ("wounded", None, None, None), ("dead", 2, 2, None)],
        ),
        (
            "The shelling left “dozens of dead and hundreds of wounded”.",
            [("dead", 24, None, None), ("wounded", 200, None, None)],
        ),
        (
            "The UN estimates that the number of people who have fled Ukraine since the invasion began on 24 February "
            "is 4,697,964.",
            [("displaced", 4697964, 4697964, "people")],
        ),
        ("The strike killed 5 people and injured 20 more.", [("dead", 5, 5, "people"), ("wounded", 20, 20, None)]),
    ],
)
def test_war_figures(nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police detained two men after the shooting.",
        "The army lost 20 tanks and 40 armoured vehicles.",
        "The gunman fled.",
        "Russian troops entered Ukraine from Belarus.",
        "Ukraine's neighbours are bracing for millions of refugees.",
        "The EU prepares for the arrival of hundreds of thousands of refugees.",
        "The minister said 100,000 refugees may come to Britain.",
        "Airbnb to offer free housing to 100,000 refugees.",
        "The founder vows to pay for 1,000 refugees to come to the UK.",
        "Economic losses amounted to $300bn.",
        "Hungary has been accused of holding the EU hostage.",
        "In 2019, he declared Nato brain dead.",
        "Some 266 Ukrainian servicemen were evacuated from Azovstal.",
        "Russia alone is responsible for the death and destruction this attack will bring.",
        "Politically speaking, Putin is a dead man walking.",
        "She really is shooting herself in the foot.",
        "Slovakia detained four people suspected of spying for Moscow.",
        "She lost two men in her family.",
        "But then, why is the detective saying that only two officers shot?",
        "Rescue workers have recovered as many as 29 body fragments amid the rubble.",
        "Some 150,000 people remain trapped in Mariupol.",
        "About 1,000 people are sheltering in the theatre.",
        "Around 4,000 civilians are awaiting evacuation from the city.",
        "Russia has deployed 190,000 troops near the border.",
        "The UN warned that 7m people could be displaced.",
        "Putin threatened to kill thousands.",
        "Ukraine said 40 Russian tanks were destroyed.",
    ],
)
def test_not_war_figures(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_rates_carry_their_period(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Some 824 Russian troops are dying each day. The enemy lost 1,260 soldiers in the past 24 hours."
    found = harms(nlp, text)
    assert [(h.count.low if h.count else None, h.rate) for h in found] == [(824, "day"), (1260, "day")]
    (attack,) = harms(nlp, "A day after the attack, 12 people were killed.")
    assert attack.rate is None


def test_parts_point_to_their_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "Ukraine's health minister said 198 people had been killed, including three children.")
    whole, part = found
    assert (whole.count.low, part.count.low) == (198, 3)  # type: ignore[union-attr]
    assert whole.part_of is None and part.part_of is whole.victim
    released = harms(nlp, "It secured the release of 144 of its soldiers, including 95 who defended the steelworks.")
    assert [(h.category, h.count.low if h.count else None, h.part_of is not None) for h in released] == [
        ("captured", 144, False),
        ("captured", 95, True),
    ]
    (among_whole, among_part) = harms(nlp, "Two children among at least 21 killed in Sumy airstrikes, officials say")
    assert among_part.part_of is among_whole.victim and among_part.count.low == 2  # type: ignore[union-attr]


def test_a_general_staff_tally_and_its_daily_increment(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "Russia's losses in Ukraine amounted to 473,400 troops (+1,260 over the past day).")
    assert [(h.category, h.count.low if h.count else None, h.rate) for h in found] == [
        ("casualties", 473400, None),
        ("casualties", 1260, "day"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Nearly four out of five of those surveyed say they have a friend or relative who was killed or wounded.",
        "78% talk about the injury or death of at least one of their relatives or friends.",
        "Destabilizing wars create thousands of refugees.",
    ],
)
def test_polls_and_generic_truths_are_not_claims(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_a_specific_event_in_the_present_tense_and_a_share_of_a_country_stay_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, "The strikes create thousands of refugees every week.")) == [
        ("displaced", 2000, None, "refugees")
    ]
    text = "More than 80% of the country lives in poverty, and almost 8 million Venezuelans have fled the country."
    assert summary(harms(nlp, text)) == [("displaced", None, 8000000, "Venezuelans")]


def test_a_number_of_tolls_counts_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "The attack is likely to be one of the war's highest civilian death tolls.")
    assert [h.count for h in found] == [None]


def test_a_participle_after_its_people_is_theirs_not_the_next_clause_subjects(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "After the discovery of bodies of bound civilians shot at close range, David Smith explained the law."
    # the bodies are the civilians' and "shot" is how they died: one claim, about them, not about Smith
    assert [(h.category, h.victim.text if h.victim else None) for h in harms(nlp, text)] == [("dead", "civilians")]
    (charged,) = harms(nlp, "Smith was charged after being shot by police.")
    assert charged.victim is not None and charged.victim.text == "Smith"


def test_a_person_brain_dead_is_dead(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "Doctors told the family his daughter is now brain dead.")
    assert summary(found) == [("dead", 1, 1, "his daughter")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # refugees are the harmed people themselves: the minister who meets them is none, nor are the volunteers
        (
            "Syrian refugees and volunteers met the minister at the camp.",
            [("displaced", None, None, "Syrian refugees")],
        ),
        # who is taken hostage is counted, never the role word as one person
        ("The rebels have taken some engineers hostage at the dam.", [("captured", None, None, "engineers")]),
        ("The militia took 15 aid workers prisoner.", [("captured", 15, 15, "aid workers")]),
        # one person named again in apposition is not a second victim
        (
            "A British volunteer was killed near Kharkiv, the second Briton known to have died in the fighting.",
            [("dead", 1, 1, "British volunteer")],
        ),
    ],
)
def test_the_harmed_are_who_the_words_say(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He has long since priced in the loss of his soldiers' lives.",  # no one is a casualty: figures of speech
        "Last year the French president called Nato “brain dead”.",
        "Officials denied the data was shared with the intent to kill enemy commanders.",  # an aim, not a killing
        "Two hecklers were forcibly removed from the conference hall.",  # thrown out, not deported
        "Officials received requests for help in evacuating 3 million people.",  # asked for, not done
        "The government said it was prepared to take Afghan refugees.",
    ],
)
def test_aims_requests_and_figures_of_speech_harm_no_one(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    # (the lives lost stay a claim without a figure: only the one who priced them in is no victim)
    assert [h.victim.text if h.victim else None for h in harms(nlp, text) if h.trigger.lower_ != "loss"] == []
    assert all(not h.singular for h in harms(nlp, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The siege has cost 30 lives so far.", [("dead", 30, 30, None)]),
        ("The fighting there has claimed hundreds of lives.", [("dead", 200, None, None)]),
        ("Over 400 lives were lost when the dam burst.", [("dead", 401, None, None)]),
        ("Three medics lost their lives near Izium.", [("dead", 3, 3, "medics")]),
        ("The blast took the lives of six miners.", [("dead", 6, 6, "miners")]),
    ],
)
def test_lives_claimed_cost_or_lost_are_the_dead(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize("text", ["Wars take lives.", "He lost his life savings.", "Cuts could cost many lives."])
def test_lives_no_one_counts_or_loses_are_not_claims(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_having_follows_its_own_subject_in_an_absolute_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Families sheltered in cellars, with millions believed to have fled their homes and some 80,000 having left "
        "Moldova."
    )
    assert [h.count.low for h in harms(nlp, text) if h.count] == [2000000, 80000]


def test_a_list_of_the_harmed_counts_like_a_toll(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "By the evening, the list of the dead included 14 people, the mayor said.")
    assert [(h.category, h.count.low if h.count else None) for h in found] == [("dead", 14)]


def test_an_equal_or_similar_number_repeats_the_figure_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Some 300,000 people, including 90,000 children, have fled the region, and an equal number are displaced."
    assert [(h.category, h.count.low, h.count.text) for h in harms(nlp, text) if h.count] == [
        ("displaced", 300000, "Some 300,000"),
        ("displaced", 90000, "90,000"),
        ("displaced", 300000, "an equal number"),  # the whole's figure, not its part's
    ]
    (_, similar) = harms(nlp, "Exactly 60 people died in the raid and a similar number of residents were injured.")
    assert similar.count is not None and (similar.count.low, similar.count.approximate) == (60, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly 900 residents were brought to safety from Sievierodonetsk.", [("displaced", None, 900, "residents")]),
        ("Volunteers led 45 pensioners to safety overnight.", [("displaced", 45, 45, "pensioners")]),
        ("About 1,500 people were rescued from the besieged town on Sunday.", [("displaced", 1500, 1500, "people")]),
        ("Two people were rescued from the rubble.", []),
        ("The 12 wounded were taken to hospital in Dnipro.", [("wounded", 12, 12, None)]),
    ],
)
def test_evacuation_in_other_words(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dozens of residents were feared buried after the strike.", [("dead", 24, None, "residents")]),
        ("Villagers buried 31 civilians in a pit behind the school.", [("dead", 31, 31, "civilians")]),
        ("Three miners buried by the blast were dug out alive.", []),
        ("The treasure was buried in the garden.", []),
    ],
)
def test_people_buried_are_the_dead(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


def test_captive_people_and_others_harmed_with_a_victim(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "Little is known of the fate of hundreds of captive Ukrainians.")
    assert summary(found) == [("captured", 200, None, "Ukrainians")]
    found = harms(nlp, "The medic was taken prisoner near Izium with three other volunteers.")
    assert [(h.category, h.count.low if h.count else None) for h in found] == [("captured", None), ("captured", 3)]


def test_who_an_exchange_involved_were_held(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "Officials said the swap involved 86 Ukrainian servicemen.")
    assert summary(found) == [("captured", 86, 86, "Ukrainian servicemen")]
    assert harms(nlp, "The exchange involved weeks of difficult talks.") == []


def test_one_of_the_harmed_is_counted_by_its_name(nlp) -> None:  # type: ignore[no-untyped-def]
    (found,) = harms(nlp, "Olena Kurylo was one of the teachers wounded in the strike on the school.")
    assert found.count is not None and (found.count.text, found.count.low, found.count.high) == ("Olena Kurylo", 1, 1)


def test_a_death_that_dates_the_end_of_a_life_is_no_casualty(nlp) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, "Brezhnev ran the country from 1964 until his death in 1982, the museum notes.") == []
    assert summary(harms(nlp, "Her son’s death in 2022 was confirmed by his brigade.")) == [("dead", 1, 1, "Her son")]


def test_a_bare_number_before_a_harm_verb_in_a_fragment_is_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling hit Izium again. By noon, the list of the dead included six people. 23 wounded. All civilians."
    found = harms(nlp, text)
    assert [(h.category, h.count.low if h.count else None) for h in found] == [("dead", 6), ("wounded", 23)]


def test_a_guess_at_what_is_happening_is_a_claim_a_forecast_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    found = harms(nlp, "The general said 200 to 300 troops might be dying every day around Bakhmut.")
    assert [(h.category, h.count.low, h.count.high, h.rate) for h in found if h.count] == [("dead", 200, 300, "day")]
    assert harms(nlp, "Hundreds will be dying every day by the winter.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv exchanged 41 members of its national guard on Friday.", [("captured", 41, 41, "members")]),
        ("Moscow freed 17 paratroopers.", [("captured", 17, 17, "paratroopers")]),
        ("The two sides exchanged views on the grain deal.", []),
        ("Police released the driver after questioning.", []),
    ],
)
def test_people_swapped_or_soldiers_released_were_held(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


def test_of_which_is_a_part_of_the_figure_right_before_it_or_of_none(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Shelling killed 12 people, and the office received requests to evacuate 40,000 residents, of which 9,000 "
        "were students."
    )
    assert [h.count.low if h.count else None for h in harms(nlp, text)] == [12]
    found = harms(nlp, "In all, 60,000 people were evacuated from Kharkiv, of which 5,000 foreign students.")
    assert [(h.count.low if h.count else None, h.part_of is not None) for h in found] == [(60000, False), (5000, True)]


@pytest.mark.parametrize(
    "text",
    [
        "If Russian losses can be pushed higher still, the offensive may stall.",  # a condition, not a loss
        "The minister said the west would share the blame for civilian deaths if it did not act.",
        "The truce was meant to allow 5,000 civilians to flee the city.",  # a permission, not a flight
        "Moscow agreed to evacuate 300 civilians from the town.",
    ],
)
def test_conditions_and_permissions_are_not_harm_done(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []


def test_forced_or_managed_moves_stay_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, "Thousands of residents were forced to flee their homes.")) == [
        ("displaced", 2000, None, "residents")
    ]
    assert summary(harms(nlp, "Volunteers managed to evacuate 40 children from Mariupol.")) == [
        ("displaced", 40, 40, "children")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Thursday the toll had climbed to 63.", [("dead", 63, 63, None)]),
        ("The human toll is rising.", []),
        ("Some 3,500 Ukrainians remain in Russian captivity.", [("captured", 3500, 3500, "Ukrainians")]),
        ("He died in captivity last year.", [("dead", 1, 1, None)]),
        ("The shelling of the market claimed 17 victims.", [("dead", 17, 17, "victims")]),
        ("Western officials put Russian losses at 25,000 men.", [("casualties", 25000, 25000, None)]),
        ("About 2,300 residents were evacuated overnight.", [("displaced", 2300, 2300, "residents")]),
        ("It is essential that the 4,000 civilians be evacuated.", []),
    ],
)
def test_tolls_captivity_victims_losses_at_and_evacuations_said_plainly(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a bulletin's dates are no counts, and its equipment no soldiers
        "The enemy's combat losses from 24.02 to 03.09 include 510 tanks.",
        "The ministry said its forces destroyed 14 units of military equipment near Izium.",
        "The occupiers shelled the village overnight; there were no casualties among civilians.",
        "A third of the region's population has been displaced.",  # a share, not one person
        "The private army has recruited thousands of prisoners from Russian penal colonies.",  # inmates, not captives
    ],
)
def test_bulletin_dates_equipment_shares_and_inmates_are_not_counts(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [h for h in harms(nlp, text) if h.count is not None or h.singular] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the governing clause names who moved; a permission given is a move made
        ("About 3,000 civilians managed to flee the city on Monday.", [("displaced", 3000, 3000, "civilians")]),
        ("Some 1,800 residents were able to evacuate from the city.", [("displaced", 1800, 1800, "residents")]),
        ("The corridor opened, allowing 2,100 people to evacuate from Sumy.", [("displaced", 2100, 2100, "people")]),
        # a permission sought, planned or in the future, and an appeal, are no move
        ("The corridor will allow 2,100 people to evacuate from Sumy.", []),
        ("A ceasefire to allow 5,000 civilians to evacuate from the city was agreed.", []),
        ("Officials urged 5,000 residents to evacuate from the city.", []),
        ("About 40 people tried to flee the city.", []),
    ],
)
def test_who_moves_under_a_governing_verb(nlp, text: str, expected: list[tuple[str, int, int, str]]) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


def test_not_a_single_one_is_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, "Not a single resident was injured in the blast, the governor said.") == []
    assert harms(nlp, "Not one soldier was killed in the ambush.") == []
    assert summary(harms(nlp, "Nine soldiers, not civilians, were killed.")) == [("dead", 9, 9, "soldiers")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hundreds of thousands have fled their homes.", [("displaced", 200000, None, None)]),
        ("Nearly 9 million people have been forced from their homes.", [("displaced", None, 9000000, "people")]),
        ("Some 700 civilians are being held in filtration camps.", [("captured", 700, 700, "civilians")]),
        ("Shelling killed two men, bringing the total killed in the town to 40.", [("dead", 2, 2, "men"),
                                                                                  ("dead", 40, 40, None)]),
        ("Riot police forced the protesters from the square.", []),
    ],
)
def test_more_forms_of_displacement_custody_and_running_totals(
    nlp, text: str, expected: list[tuple[str, int | None, int | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert summary(harms(nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Two foreign fighters sentenced to death by the separatist court have appealed.",  # a penalty
        "Long waits for an ambulance are linked to a higher risk of death.",  # a risk
        "The loss of the country's last big stronghold in the region was a blow.",  # a town lost, not people
        "One officer gave a chilling order: “Take their phones, then shoot them.”",  # an order
        "The party promised new visa rules for Afghan refugees.",  # refugees a policy is for
        "On Tuesday the prime minister met with refugees at the border.",
    ],
)
def test_penalties_risks_lost_places_orders_and_policies_harm_no_one(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert harms(nlp, text) == []
