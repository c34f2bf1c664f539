"""The reader: one article in, sourced casualty claims out.

Stages, in one direction: clean → spaCy → counts → harms → dates, places, sources, status →
:class:`~claimledger.records.Claim`. Each stage is its own module; this one only wires them and
applies the two rules that span sentences: a claim without a place or date of its own takes
its previous sentence's ("They are said to be filled with ..."), and a sentence such as "The
figure could not be independently verified." changes the status of the claims before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .attribution import Attribution, chain_for, expand_acronyms, find_attributions, find_quotes
from .casualties import LEADER_PARTY, HarmMention, find_harms, headline_sentence, restated_figure, trigger_category
from .claim_places import harm_places, sentence_places, theatre
from .clean import article_id, clean_text
from .counts import find_counts
from .dates import DateMention, claim_when, dates_by_sentence, parse_published
from .errors import InputError
from .geoparse import get_geoparser
from .hedging import StatusCue, retroactive_status, sentence_status
from .nlp import doc_text, load_model, parse
from .records import STATUSES, Article, Claim, Count, Evidence, Place, RawArticle, ReadResult, Source, Status, Subject
from .scope import apply_scope
from .sides import name_titles, source_side, stance, victim_party

__all__ = ["read", "read_many"]

# Words that tie a verification sentence to a numbered claim before it ("The figure could not be verified").
_FIGURE_WORDS = {"figure", "figures", "number", "numbers", "toll", "count", "tally", "estimate", "total"}


def read(
    text: str,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> ReadResult:
    """Read one article: its cleaned text and every casualty claim in it, as typed records."""
    published_iso = published.isoformat() if isinstance(published, dt.date) else published
    raw = RawArticle(text=text, published=published_iso, outlet=outlet, url=url, title=title)
    return next(read_many([raw]))


def read_many(
    items: Iterable[RawArticle],
    *,
    batch_size: int = 16,
    on_error: Callable[[RawArticle, InputError], None] | None = None,
) -> Iterator[ReadResult]:
    """Read articles in batches through ``nlp.pipe`` (lazy: a stream of millions is fine).

    An article the parser cannot take (over its length limit) raises :class:`InputError`, or, with
    ``on_error``, is handed to it and skipped so the rest of the stream goes on.
    """
    nlp = load_model()
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, batch_size)):
        accepted: list[tuple[RawArticle, str]] = []
        for item in batch:
            text = clean_text(item.text, item.title).text
            if len(text) > nlp.max_length:
                error = InputError(
                    f"article text is {len(text):,} characters, over the {nlp.max_length:,} the parser takes",
                    where=item.origin,
                    hint="split it into articles",
                    reason="oversized",
                )
                if on_error is None:
                    raise error
                on_error(item, error)
                continue
            accepted.append((item, text))
        docs = parse(nlp, [text for _, text in accepted], batch_size)  # long texts in paragraph batches
        for (item, _), doc in zip(accepted, docs, strict=True):
            yield extract(doc, item)


def extract(doc: Doc, raw: RawArticle) -> ReadResult:
    """All claims of one parsed, cleaned article."""
    published = parse_published(raw.published)
    text = doc_text(doc)
    article = Article(
        id=article_id(text),
        text=text,
        published=published.isoformat() if published else None,
        url=raw.url,
        outlet=raw.outlet,
        title=raw.title,
    )
    counts = find_counts(doc)
    dates = dates_by_sentence(doc, published)
    places = get_geoparser()(doc)
    named = {s.start: [p for p in places if s.start_char <= p.start < s.end_char] for s in doc.sents}
    own_places: dict[int, list[Place]] = {}
    kept: list[Place] = []
    for s in doc.sents:
        own_places[s.start] = sentence_places(s, named[s.start], kept)
        kept += own_places[s.start]
    country = theatre(kept, places)
    attributions = find_attributions(doc)
    name_titles(doc, [a.source for a in attributions])
    acronyms = expand_acronyms(doc)
    claims: list[Claim] = []
    previous: _SentenceContext | None = None
    recent: list[_SentenceContext] = []
    gap = 0  # claimless sentences since the last claim: one may sit between a claim and its denial
    before: Span | None = None
    harms: list[HarmMention] = []
    for sentence in doc.sents:
        retro = retroactive_status(sentence)
        if retro is not None and recent:
            _apply_retroactive(recent, sentence, retro)
        harms = find_harms(sentence, counts, harms) or restated_figure(sentence, before, counts)
        context = _SentenceContext(
            places=own_places[sentence.start],
            dates=dates.get(sentence.start, []),
            paragraph=text.count("\n", 0, sentence.start_char),
            named=named[sentence.start],
        )
        inherited = previous if _continues(sentence, context, previous, before) else None
        made: list[tuple[HarmMention, Claim]] = []
        for harm in harms:
            status = sentence_status(sentence, _claim_tokens(harm))
            vouching = [a for a in attributions if _vouches(doc, a, harm)]
            claim = _claim(article, harm, context, inherited, status, vouching, acronyms, published, country)
            made.append((harm, claim))
            context.claims.append(claim)
            claims.append(claim)
        _link_parts(made, previous.claims if previous is not None else [])
        _parts_take_sides(made, claims)
        # The run of consecutive claim-bearing sentences a later "These figures ..." may refer to.
        if context.claims:
            recent.append(context)
            gap = 0
        elif retro is None:
            gap += 1
            if gap > 1:
                recent = []
        previous, before = context, sentence
    apply_scope(doc, claims)
    _article_side(claims)
    return ReadResult(article=article, claims=_without_repeated_pronouns(claims, text))


_PERSONAL = {"he", "she", "him", "her"}
_DEFINITE = {"the", "this", "that"}


def _without_repeated_pronouns(claims: list[Claim], text: str) -> list[Claim]:
    """ "... her husband is dead, killed by soldiers. “The Russians killed him.”": a claim whose only victim is
    a pronoun, after a claim of the same harm to one person in the same or the two paragraphs before, is that
    claim again, not another person. So is "the mayor" after a claim on "Kherson city mayor Ihor Kolykhayev": a
    definite description whose noun named that person before."""
    kept: list[Claim] = []
    for claim in claims:
        words = (claim.count.text or "").lower().split()
        definite = len(words) >= 2 and words[0] in _DEFINITE
        if (words in ([w] for w in _PERSONAL) or definite) and claim.count.low == 1 and claim.count.high == 1:
            start = text.rfind("\n", 0, claim.evidence.start) + 1  # this paragraph's start, then two before it
            for _ in range(2):
                start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start > 0 else 0
            if any(
                k.category == claim.category
                and k.count.low == 1
                and k.count.high == 1
                and start <= k.evidence.start
                and (not definite or _named_as(k, words[-1], text))
                for k in kept
            ):
                continue
        kept.append(claim)
    return kept


def _named_as(claim: Claim, noun: str, text: str) -> bool:
    """The one person of ``claim`` was named with ``noun`` ("mayor"): in its subject or the words of its sentence
    just before its name or in apposition ("Kherson city mayor Ihor Kolykhayev", "Oksana Petrenko, a Melitopol
    official"), never the other words of its sentence ("the gunman killed his wife")."""
    start = claim.count.start if claim.count.start is not None else claim.evidence.start
    end = claim.count.end if claim.count.end is not None else start
    around = " ".join(text[claim.evidence.start : start].lower().split()[-4:])  # a title: "city mayor Ihor"
    apposition = re.match(r",([^,.;]{1,40})[,.;]", text[end : claim.evidence.end])
    around += apposition.group(1).lower() if apposition else ""
    return noun in re.findall(r"\w+", around) or noun in (claim.subject.text or "").lower().split()


def _link_parts(made: list[tuple[HarmMention, Claim]], before: list[Claim]) -> None:
    """A part names its whole: the claim of the victim it was found under ("including three children"), or, for
    "six of them", the last numbered claim before it in the sentence or the one before; "among the dead were 12
    children" after "30 people were killed": the numbered dead before it, rather than "the dead" with no number."""
    for harm, claim in made:
        if harm.part_of is None:
            continue
        whole = next((c for h, c in made if h.victim is not None and h.victim.i == harm.part_of.i and c is not claim),
                     None)  # fmt: skip
        # "the victims included ...", "two of those killed were children": the harmed named again, not counted
        kind = whole.category if whole is not None else trigger_category(harm.part_of)
        back = harm.part_of.pos_ == "PRON" or harm.part_of.lemma_.lower() == "victim" or kind is not None
        if (whole is None and back) or (whole is not None and whole.count.low is None):
            earlier = [c for h, c in made if h.trigger.i < harm.trigger.i and c.count.low is not None]
            earlier = earlier or [c for c in before if c.count.low is not None]
            if kind is not None:
                earlier = [c for c in earlier if c.category == kind]
            whole = earlier[-1] if earlier else whole
        if whole is not None:
            claim.subset_of = whole.id


def _parts_take_sides(made: list[tuple[HarmMention, Claim]], claims: list[Claim]) -> None:
    """A part is on its whole's side unless its own words name one ("3.5 million Ukrainians ..., of which an
    estimated 2.2 million have found shelter in Poland": Ukraine, not Poland)."""
    by_id = {c.id: c for c in claims}
    for harm, claim in made:
        whole = by_id.get(claim.subset_of or "")
        if whole is not None and whole.subject.party and not harm.party_words:
            claim.subject = replace(claim.subject, party=whole.subject.party)
            claim.partisan, claim.admission = stance(whole.subject.party, claim.subject.affiliation, claim.sources)


def _article_side(claims: list[Claim]) -> None:
    """Claims whose sentence names no side take the article's side, as a coder reads them: soldiers the one side the
    article's soldiers are named with, at least twice ("more than 2,500 soldiers' corpses" in a report on Russian
    losses); civilians and others the side two in three of the article's other civilians are on. Soldiers never take
    civilians' side, nor civilians soldiers'; nor does a war take another's (a Stalingrad toll is on no side of a
    Holodomor figure)."""
    for military, conflict in dict.fromkeys((c.subject.affiliation == "military", c.conflict) for c in claims):
        group = [c for c in claims if (c.subject.affiliation == "military") == military and c.conflict == conflict]
        sides = [c.subject.party for c in group if c.subject.party]
        if not sides:
            continue
        side, votes = Counter(sides).most_common(1)[0]
        if (military and (len(sides) < 2 or votes < len(sides))) or 3 * votes < 2 * len(sides):
            continue
        for claim in group:
            if claim.subject.party is None:
                claim.subject = replace(claim.subject, party=side)
                claim.partisan, claim.admission = stance(side, claim.subject.affiliation, claim.sources)


class _SentenceContext:
    """What one sentence offers the next: its places (where its harm happened), dates and claims, its paragraph
    (line of the text); ``named`` is every place it names, the sides' countries among them (a source's side)."""

    def __init__(self, places: list[Place], dates: list[DateMention], paragraph: int,
                 named: list[Place] | None = None) -> None:
        self.places = places
        self.dates = dates
        self.paragraph = paragraph
        self.named = places if named is None else named
        self.claims: list[Claim] = []


def _continues(
    sentence: Span, context: _SentenceContext, previous: _SentenceContext | None, before: Span | None
) -> bool:
    """The sentence goes on with the one before it, within its paragraph (a line of the cleaned text): it
    refers back to it ("They ...", "the city"), or the one before told of harm and this one names no other
    day ("... killed in Kremenchuk on Monday. About 18 people are believed to have died."). A paragraph that
    opens on a pronoun ("They are said to be filled with ...") cannot stand alone: it goes on with the
    paragraph before (one-sentence paragraphs, as web outlets write them), and so does one that names again,
    as "the hospital", a place the sentence before named ("the city's main hospital is overflowing", then
    "87 treated ... a surgeon at the hospital told the BBC")."""
    if previous is None:
        return False
    if previous.paragraph == context.paragraph:
        same_day = {m.when.start for m in context.dates} <= {m.when.start for m in previous.dates}
        return _refers_back(sentence) or (bool(previous.claims) and same_day)
    first = next((t for t in sentence if not (t.is_punct or t.is_space)), None)
    if first is not None and first.lower_ in _BACK_PRONOUNS and first.dep_.startswith("nsubj"):
        return True
    said_before = {t.lower_ for t in before} if before is not None else set()
    return any(_back_noun(t) and t.lower_ != "there" and t.lower_ in said_before for t in sentence)


_BACK_PRONOUNS = {"they", "them", "it", "he", "she", "these", "those", "this"}
_BACK_NOUNS = {"city", "town", "village", "region", "area", "hospital", "morgue", "there"}


def _refers_back(sentence: Span) -> bool:
    """The sentence refers back to the one before it: a pronoun subject ("They are said ..."), "the city"."""
    return any((t.lower_ in _BACK_PRONOUNS and t.dep_.startswith("nsubj")) or _back_noun(t) for t in sentence)


def _back_noun(token: Token) -> bool:
    """ "there", or a place word made definite ("the city", "that hospital"): a place already named."""
    return (
        token.lower_ in _BACK_NOUNS
        and token.dep_ != "expl"
        and (token.lower_ == "there" or any(c.lower_ in ("the", "that") for c in token.children))
    )


def _claim(
    article: Article,
    harm: HarmMention,
    context: _SentenceContext,
    inherited: _SentenceContext | None,
    status: StatusCue,
    attributions: list[Attribution],
    acronyms: dict[str, str],
    published: dt.date | None,
    country: Place | None,
) -> Claim:
    sentence = harm.sentence
    anchor_start, anchor_end = _anchor(harm)
    places = context.places or ([_as_location(p) for p in inherited.places] if inherited else [])
    named = context.named or ([_as_location(p) for p in inherited.named] if inherited else [])
    when = claim_when(harm.trigger, harm.category, context.dates, inherited.dates if inherited else [], published)
    sources = _sources(article, attributions, acronyms, anchor_start, anchor_end, context.named)
    final_status, cues = _status(status, sources, attributions, anchor_start, anchor_end, _quoted(article.text, harm))
    own = sources[:1] if sources and sources[0].text == article.outlet else []
    if status.unnamed and final_status == status.status and len(sources) == len(own):
        # "were reported to have died", "reportedly killed": the outlet passes on what someone it does not name says
        sources = [*own, Source(text=status.cues[0], kind="unknown", named=False)]
    count = _count(harm)
    evidence_text = sentence.text.rstrip()
    who = harm.victim.idx if harm.victim is not None else harm.trigger.idx
    key = f"{article.id}:{sentence.start_char}:{anchor_start}:{who}:{harm.trigger.idx}:{harm.category}"
    claim_id = hashlib.sha1(key.encode()).hexdigest()[:16]
    party = _party(harm, named, sources)  # the sides module reads every place named (its own rules drop actors)
    places = harm_places(harm.category, sentence, places)
    if not places and country is not None:  # no place of its own or its paragraph: the article's country
        places = [country]
    partisan, admission = stance(party, harm.affiliation, sources)
    return Claim(
        id=claim_id,
        category=harm.category,
        count=count,
        subject=Subject(text=harm.subject_text, affiliation=harm.affiliation, party=party),
        when=when,
        places=places,
        sources=sources,
        status=final_status,
        cues=cues,
        evidence=Evidence(text=evidence_text, start=sentence.start_char, end=sentence.start_char + len(evidence_text)),
        trigger=Evidence(text=harm.trigger.text, start=harm.trigger.idx, end=harm.trigger.idx + len(harm.trigger.text)),
        rate=harm.rate,
        partisan=partisan,
        admission=admission,
    )


#: Cues whose object is itself the news they vouch for ("Ukraine announced the exchange ..., securing the release of
#: 144 of its soldiers"), unlike a stance taken on it ("denounced the strikes that left 21 dead").
_NEWS_VERBS = frozenset("announce report confirm reveal disclose record register document".split())


def _vouches(doc: Doc, attribution: Attribution, harm: HarmMention) -> bool:
    """The attribution vouches for the claim, unless the claim only describes what its cue is about: "Zelenskiy
    denounced the strikes that left 21 people dead", "he said of Monday's attack, which killed 18" (a relative clause
    on the cue's object, with no reported clause between: the outlet's own words). An announcement's object is its
    news (:data:`_NEWS_VERBS`)."""
    cue = doc.char_span(attribution.cue_start, attribution.cue_end, alignment_mode="expand")
    if cue is None or cue.root.lemma_.lower() in _NEWS_VERBS:
        return True
    deps: list[str] = []
    reported_people = False
    for token in (harm.trigger, *harm.trigger.ancestors):
        if token.i in range(cue.start, cue.end):
            described = bool({"relcl", "acl"} & set(deps)) and deps[-1] in {"dobj", "prep", "dative"}
            return not described or bool({"ccomp", "xcomp", "parataxis"} & set(deps)) or reported_people
        deps.append(token.dep_)
        # "Pentagon estimates 7,000 Russian soldiers killed": the cue's object is the harmed people themselves
        reported_people = harm.victim is not None and token.i == harm.victim.i and token.dep_ in ("dobj", "obj")
    return True


def _claim_tokens(harm: HarmMention) -> list[Token]:
    """The words a status cue must govern to qualify the claim: its trigger and its count."""
    tokens = [harm.trigger]
    if harm.count is not None:
        tokens.append(harm.sentence.doc[harm.count.anchor])
    return tokens


def _quoted(text: str, harm: HarmMention) -> str:
    """The count with the quotation marks right around it ("“dozens”"), or the quotation a headline's count is in
    ("Kharkiv: ‘We counted 20 bodies on one street’": someone's words), or ""."""
    if harm.count is None or harm.count.start < 1:
        return ""
    before, after = text[harm.count.start - 1], text[harm.count.end : harm.count.end + 1]
    if before in "“\"‘" and after in "”\"’" and after:
        return text[harm.count.start - 1 : harm.count.end + 1]
    if headline_sentence(harm.trigger):
        at = harm.sentence.start_char
        start, end = harm.count.start - at, harm.count.end - at
        return next((harm.sentence.text[s:e] for s, e in find_quotes(harm.sentence.text) if s < start and end < e), "")
    return ""


def _anchor(harm: HarmMention) -> tuple[int, int]:
    """The characters the claim hangs on: its count, else its trigger word."""
    if harm.count is not None:
        return harm.count.start, harm.count.end
    return harm.trigger.idx, harm.trigger.idx + len(harm.trigger.text)


def _count(harm: HarmMention) -> Count:
    if harm.count is not None:
        c = harm.count
        return Count(low=c.low, high=c.high, text=c.text, approximate=c.approximate, start=c.start, end=c.end)
    if harm.singular and harm.victim is not None:
        victim = harm.victim
        left = min([victim.i] + [t.i for t in victim.lefts if t.dep_ in ("det", "poss", "nummod")])
        span = victim.doc[left : victim.i + 1]
        return Count(low=1, high=1, text=span.text, approximate=False, start=span.start_char, end=span.end_char)
    return Count(low=None, high=None, text=None, approximate=False)


def _as_location(place: Place) -> Place:
    """A place carried over from the previous sentence says where, not from or to where."""
    if place.role == "reference":
        return place
    return Place(**{**place.__dict__, "role": "location"})


def _sources(
    article: Article,
    attributions: list[Attribution],
    acronyms: dict[str, str],
    start: int,
    end: int,
    places: list[Place],
) -> list[Source]:
    """Outlet first, then who it cites, each with the side it speaks for; acronyms keep the full name the article
    gave them."""
    chain = []
    for s in chain_for(attributions, start, end):
        name = s.name or acronyms.get(s.text)
        side = source_side(f"{s.text} ({name})" if name else s.text, s.kind, places)
        chain.append(Source(text=s.text, kind=s.kind, named=s.named, name=name, side=side))
    if article.outlet and not (chain and chain[0].text == article.outlet):
        chain = [Source(text=article.outlet, kind="outlet", named=True), *chain]
    return chain


def _status(
    status: StatusCue, sources: list[Source], attributions: list[Attribution], start: int, end: int, quoted: str
) -> tuple[Status, list[str]]:
    """The sentence's own cues; an attributed claim with no other cue is ``reported``, and so is a figure in quotation
    marks (killed "dozens" of civilians: someone's words). A denial by another than the claim's source disputes it
    ("Kyiv claims that 20 civilians were killed, but Moscow denied the report")."""
    if status.status == "denied":
        cues = {a.cue for a in attributions if not a.stance and a.content_start <= start and end <= a.content_end}
        if cues and not cues & set(status.cues):
            return "disputed", list(status.cues)
    if status.status != "asserted":
        return status.status, list(status.cues)
    cited = [s for s in sources if s.kind != "outlet" or s is not sources[0]]
    if quoted:
        return "reported", [quoted]
    if len(sources) > 1 or cited:
        cue = next(
            (a.cue for a in attributions if not a.stance and a.content_start <= start and end <= a.content_end),
            None,
        )
        return "reported", [cue] if cue else []
    return "asserted", []


def _apply_retroactive(recent: list[_SentenceContext], sentence: Span, retro: StatusCue) -> None:
    """ "The figure could not be independently verified." qualifies the claims just made.

    A singular subject ("The figure", "The claim") refers to the last sentence's numbered claims;
    a plural one ("The figures", "These reports") to the whole run of claims before it.
    """
    plural = any(
        t.tag_ in ("NNS", "NNPS") or t.lower_ in ("these", "they", "those")
        for t in sentence
        if t.dep_.startswith("nsubj") or t.head.dep_.startswith("nsubj")
    )
    contexts = recent if plural else recent[-1:]
    targets = [c for ctx in contexts for c in ctx.claims]
    if not plural and {t.lower_ for t in sentence} & _FIGURE_WORDS:
        numbered = [c for c in targets if c.count.low is not None or c.count.high is not None]
        targets = numbered or targets
    if retro.status == "denied":  # one side denying what another reported disputes it
        retro = StatusCue("disputed", retro.cues)
    for claim in targets:
        rank, current = STATUSES.index(retro.status), STATUSES.index(claim.status)
        if rank > current:  # the cues are the words that set the status: the new status brings its own
            claim.status, claim.cues = retro.status, list(retro.cues)
        elif rank == current:
            claim.cues = [*claim.cues, *[c for c in retro.cues if c not in claim.cues]]


def _party(harm: HarmMention, places: list[Place], sources: list[Source]) -> str | None:
    """The side of the harmed people (:func:`claimledger.sides.victim_party`); a leader's name stands for the side."""
    words = [LEADER_PARTY.get(w.removesuffix("'s").removesuffix("’s").lower(), w) for w in harm.party_words]
    return victim_party(harm.victim, harm.trigger, words, harm.affiliation, harm.category, places, sources)
