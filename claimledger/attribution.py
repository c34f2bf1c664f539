"""Attribution chains: who says what, found over the dependency parse.

An :class:`Attribution` ties a source (``RFE``, ``one medical official``) through a cue (``said``,
``told``, ``according to``) to the content it vouches for, and to the attribution that reports it
(``RFE quoted one medical official who said X``: the official's parent is RFE). The reader asks
:func:`chain_for` for the sources of a claim span and gets them outermost first.

Rules, all general (no single example is special-cased):

- a reporting verb (``say``, ``tell``, ``describe``, ``claim`` ...) with a nominal subject; the subject of
  a relative clause (``an official who said``) is its antecedent, a participle (``..., adding``) or a
  conjoined verb (``said ... and added``) shares the subject of its head, a passive takes its ``by`` agent
  and without one has no source (``it has been reported``, ``they are said to``);
- ``according to X``;
- a quotation next to its speaker (``'A. B. C,' said one resident``, ``X told RFE: '...'``) attributes the
  whole quotation, over several sentences;
- ``X told RFE``: the outlet that was told becomes the parent of the speaker;
- words inside a quotation are the quoted speaker's content: a cue there starts no attribution of its own
  (as in PolNeAR, where such nested cues are not annotated).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from .errors import ClaimledgerError
from .nlp import doc_text
from .records import Source, SourceKind

__all__ = [
    "Attribution",
    "AttributionCandidate",
    "AttributionModel",
    "attribution_candidates",
    "chain_for",
    "classify_source",
    "expand_acronyms",
    "find_attributions",
    "find_quotes",
    "load_attribution_model",
]


@dataclass
class Attribution:
    """One source vouching for one content span; offsets are characters of ``doc.text``."""

    source: Source
    source_start: int
    source_end: int
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    parent: Attribution | None = None
    #: Where the source is mentioned in the attributing clause: the same as the source span except for a
    #: relative pronoun (``who`` in "an official who said"), whose antecedent is the source.
    mention_start: int = -1
    mention_end: int = -1
    #: True for the outlet a speaker talked to ("X told RFE"): it published the words but did not say them.
    addressee: bool = False
    #: True for a stance or act ("X supports", "X refused") rather than a report: it names whose position the
    #: content is, but vouches for no fact, so :func:`chain_for` and parent links leave it out.
    stance: bool = False


#: Reporting verbs: their subject vouches for the content (reporting-verb lists, PolNeAR train cue lemmas).
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add note write announce argue report claim suggest explain mention accuse cite declare acknowledge
    conclude state insist vow denounce confirm warn praise assure reply predict promise reveal joke quote tout
    charge echo recall dismiss deny admit describe respond tweet ask criticize urge demand stress emphasize
    contend complain allege estimate testify recount remark observe comment answer counter assert concede
    caution boast brag question threaten post publish blast slam decry lament reiterate imply underscore
    highlight condemn reject blame disclose recommend advise inform speculate proclaim vouch show find call
    shout yell chant repeat list identify name refer detail portray indicate email voice reference interject
    rebut utter clarify allude recite reaffirm forecast dispute characterize contradict repudiate rebuke liken
    chide deride lambast assail bemoan hail hint outline dub coin interpret hammer credit broadcast
    """.split()
)

#: Stance and act verbs ("X supports", "X refused"): PolNeAR annotates their subjects as sources, but they
#: vouch for no fact. Lemmas whose subject (found by these rules, outside quotations) was a gold source at
#: least 40% of the time on PolNeAR train, at least four times.
STANCE_VERBS: frozenset[str] = frozenset(
    """
    support endorse defend back agree express attack mock challenge applaud thank congratulate remind advocate
    protest sue pledge refuse hope fear worry wonder envision expect discuss speak focus seek offer release
    decline avoid decide propose introduce ignore apologize cast continue hop talk oppose share address issue
    press learn prefer view order remember recognize embrace promote compare file ban block rule fire aim
    adopt invoke rail signal seize request appoint double teach plead resist distance react approve project
    unveil realize deem contrast rush laugh persuade lash paint rip shut disavow boycott opt experience brush
    interrupt devote line prohibit downplay balk contact frame acquiesce side relish examine guess witness
    pause doubt cry forget steer fundraise insult display ease escalate contemplate negotiate articulate
    attribute pivot pitch position correct dislike circulate chair quit authorize free sing single veto
    """.split()
)

#: Verbs that take a position against the content ("the figures have been disputed by officials"): their
#: subjects are sources in PolNeAR, but of a stance against the claim, never of the claim itself.
DISPUTE_VERBS: frozenset[str] = frozenset(
    "dispute deny reject contradict question rebut repudiate challenge dismiss doubt refute contest".split()
)

#: Verbs of a demand ("urged the west to", "called for an inquiry", "called on allies to"): what is demanded is no fact
#: the speaker vouches for, so these are stances; "call" and "ask" only with "for", "on" or a "to" clause ("called it
#: a massacre", "asked about the toll" are not demands).
DEMAND_VERBS: frozenset[str] = frozenset("urge demand appeal implore beg exhort".split())
_DEMAND_IF_ASKED = frozenset({"call", "ask"})

#: Belief verbs: a stance only with a clause ("voters think that ..."), not with an object ("knows the city").
BELIEF_VERBS: frozenset[str] = frozenset({"think", "know", "believe"})

#: Adjectives that make "X is ... that/to/of" a stance ("is eager to", "was critical of"); from PolNeAR train.
STANCE_ADJECTIVES: frozenset[str] = frozenset(
    """
    critical eager quick worried aware concerned sure confident happy skeptical proud optimistic reluctant
    hopeful inclined glad careful upbeat adamant convinced certain pessimistic wary
    """.split()
)

#: Phrasal particles that turn a verb into a reporting verb ("point out").
PARTICLE_VERBS: frozenset[tuple[str, str]] = frozenset({("point", "out"), ("lay", "out"), ("speak", "out")})

_SUBJECTS = {"nsubj", "csubj"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "attr", "oprd", "parataxis"}
_PHRASE_TRIM = {"relcl", "appos", "acl"}
_RELATIVE_PRONOUNS = {"who", "that", "which", "whom", "whose"}
_PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
#: Subjects that name no source: expletive "there", the reader-addressing "you", "what"/"this".
_NON_SOURCES = {"there", "what", "this", "you"}

#: Opening quotation marks and the marks that may close them (texts mix curly and straight marks).
_OPEN_CLOSE = {"“": '”"“', '"': '"”“', "‘": "’", "«": "»"}


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quotation spans ``(start, end)`` including their marks, each within one paragraph.

    Doubled apostrophes (``''``) count as a double quotation mark. A closing ``’`` is told from an
    apostrophe by what is around it: after ``,.!?`` or before punctuation/end of line it closes;
    otherwise the first ``’`` before a space that does not look like a plural possessive closes.
    """
    scan = text.replace("''", '"\x00')
    quotes: list[tuple[int, int]] = []
    i = 0
    while i < len(scan):
        closers = _OPEN_CLOSE.get(scan[i])
        end = None
        if closers is not None and (i == 0 or not scan[i - 1].isalnum()):
            end = _closing(scan, i + 1, closers)
            if end is None and (i == 0 or scan[i - 1] == "\n") and scan[i] in '“"':
                # A quotation running over several paragraphs reopens each one and closes only in the last.
                line_end = scan.find("\n", i)
                end = len(scan) if line_end < 0 else line_end
        if end is None:
            i += 1
            continue
        if scan[end : end + 1] == "\x00":
            end += 1
        quotes.append((i, end))
        i = end
    return quotes


def _closing(text: str, start: int, closers: str) -> int | None:
    line_end = text.find("\n", start)
    limit = len(text) if line_end < 0 else line_end
    weak: int | None = None
    for j in range(start, limit):
        if text[j] not in closers:
            continue
        if text[j] != "’":
            return j + 1
        before = text[j - 1]
        after = text[j + 1] if j + 1 < limit else "\n"
        if before in ",.!?…" or after in ",.;:!?)\n":
            return j + 1
        if weak is None and after.isspace() and not _looks_possessive(text, j):
            weak = j + 1
    return weak


def _looks_possessive(text: str, j: int) -> bool:
    """``soldiers’ corpses``: a plural possessive sits on an ``s`` and is followed by a lower-case word."""
    rest = text[j + 1 : j + 30].lstrip()
    return text[j - 1] == "s" and bool(rest) and rest[0].islower()


# --- source kinds -------------------------------------------------------------------------------------------

_OUTLET_WORDS = frozenset(
    """
    media newspaper paper tabloid agency broadcaster channel outlet radio television tv magazine website
    daily network wire newsroom station
    """.split()
)
_OUTLET_NAMES = frozenset(
    """
    rfe rferl reuters ap afp tass bbc cnn interfax ria upi dpa nyt pravda kommersant izvestia ukrinform unian
    euronews aljazeera cbs nbc abc fox msnbc npr pbs itv sky guardian times post telegraph independent
    journal economist politico bloomberg axios breitbart meduza novaya tsn suspilne efe ansa xinhua kyodo
    """.split()
)
_OUTLET_NAME_WORDS = frozenset(
    "news press times post journal radio television tv broadcasting agency media herald".split()
)
_OUTLET_HEADS = frozenset({"media", "newspaper", "broadcaster", "tabloid", "outlet"})
_SOCIAL = frozenset("telegram twitter tweet facebook instagram vk vkontakte youtube tiktok x weibo post blog".split())
_MEDICAL = frozenset(
    """
    doctor medic medical nurse physician surgeon paramedic hospital clinic health morgue pathologist
    ambulance
    """.split()
)
_MILITARY = frozenset(
    """
    military army forces force troops troop soldier commander general colonel lieutenant major captain sergeant
    officer navy marine defence defense pentagon staff brigade battalion regiment gen col lt maj capt sgt
    militia fighter combatant mod
    """.split()
)
_GOVERNMENT = frozenset(
    """
    minister ministry government president premier kremlin chancellor senator lawmaker mp parliament
    cabinet ambassador embassy diplomat secretary presidency administration state duma congress congressman
    white house downing spokesman spokeswoman spokesperson prime
    """.split()
)
_OFFICIAL = frozenset(
    """
    official officials authority authorities police policeman governor mayor prosecutor prosecutors
    rescuer rescuers service services agency investigator investigators coroner emergency council sheriff
    guard guards nations unhcr ohchr unicef osce iaea echr dsns ombudsman ombudswoman
    """.split()
)
#: Intergovernmental bodies, officials as the war gold codes them ("The UN human rights office", "the WHO"); in
#: capitals only ("who" is also a pronoun).
_INTERGOVERNMENTAL = frozenset({"UN", "U.N.", "WHO", "ICC", "IOM", "OSCE", "UNHCR", "OHCHR", "UNICEF", "IAEA"})
_NGO = frozenset(
    """
    ngo charity activist activists rights monitor monitors volunteer volunteers amnesty watch cross crescent
    icrc msf organisation organization observatory group campaigner
    """.split()
)
#: Heads that make a phrase a government's whatever modifies them ("Ukraine's health minister"); a defence
#: ministry or minister is the military's.
_GOVERNMENT_HEADS = frozenset("minister ministry president presidency government cabinet premier".split())
_DEFENCE = frozenset({"defence", "defense"})
#: Words that make an administration local: its officials are the war gold's officials, not a government.
_LOCAL = frozenset("regional local city municipal oblast district provincial town village county".split())
#: What a state issues and is cited by ("according to Ukrainian updates").
_ISSUED = frozenset("update data figure estimate count tally statistic report bulletin".split())
_JOURNALIST = frozenset("journalist reporter correspondent editor columnist blogger photographer".split())
_EYEWITNESS = frozenset("eyewitness witness witnesses onlooker bystander survivor passer-by passenger".split())
_RESIDENT = frozenset("resident inhabitant villager townspeople citizen neighbour neighbor locals".split())

_KIND_ORDER: tuple[tuple[SourceKind, frozenset[str]], ...] = (
    ("social_media", _SOCIAL),
    ("medical", _MEDICAL),
    ("military", _MILITARY),
    ("ngo", _NGO),
    ("journalist", _JOURNALIST),
    ("eyewitness", _EYEWITNESS),
    ("resident", _RESIDENT),
    ("government", _GOVERNMENT),
    ("official", _OFFICIAL),
    ("outlet", _OUTLET_WORDS),
)


def _word_kind(word: str) -> SourceKind | None:
    word = word.rstrip(".")  # "Lt." and "Col." are one token or two
    for kind, words in _KIND_ORDER:
        if word in words:
            return kind
    return None


def classify_source(span: Span, acronyms: dict[str, str] | None = None) -> Source:
    """Kind and namedness of a source phrase: the head's modifiers first, then the head, then any word.

    "one medical official" is medical (the modifier says more than "official"), "Residents in Homel"
    resident, "Lt. Col. Smith" military and named.
    """
    text = span.text
    head = span.root
    expansion = (acronyms or {}).get(text.strip())
    named = _is_named(span)
    if _is_outlet(span, expansion):
        return Source(text=text, kind="outlet", named=named)
    modifiers = [t for t in span if t.head == head and t.dep_ in {"amod", "compound", "nmod", "poss"}]
    modifiers += [t for t in span if t.dep_ == "pobj" and t.head.head == head and t.head.lower_ == "of"]
    state = _state_kind(span, head, modifiers)
    if state is not None:
        return Source(text=text, kind=state, named=named)
    for group in (modifiers, [head], [t for t in span if t.head == head or t == head], list(span)):
        for token in group:
            kind = _word_kind(token.lower_) or _word_kind(token.lemma_.lower())
            if kind == "outlet" and not named:
                continue
            if kind is not None:
                return Source(text=text, kind=kind, named=named)
    return Source(text=text, kind="unknown", named=named)


def _state_kind(span: Span, head: Token, modifiers: list[Token]) -> SourceKind | None:
    """Kinds the word lists get wrong: a ministry is the government's ("Ukraine's health minister") but a defence
    ministry the military's; a regional or city administration's people and the UN's bodies are officials; a country
    ("Ukraine estimates") and a country's officials ("Russian officials", "U.K. officials") speak for its government."""
    from .sides import country_name

    lemma = head.lemma_.lower()
    if lemma in _GOVERNMENT_HEADS:
        return "military" if any(t.lower_ in _DEFENCE for t in span) else "government"
    if any(t.lower_ in _LOCAL for t in span) and any(_word_kind(t.lower_) == "government" for t in span):
        return "official"  # "the Donetsk regional administration", "a city council spokeswoman": local, not the state
    if any(t.text in _INTERGOVERNMENTAL for t in span):
        return "official"
    if head.ent_type_ == "GPE" and country_name(head.text) and len(span) <= 2:
        return "government"
    if lemma in _ISSUED and any(country_name(t.text) for t in modifiers):
        return "government"  # "Ukrainian updates", "Russian figures": the state that issued them
    if lemma in {"court", "tribunal", "ombudsman", "ombudswoman", "commissioner"}:
        return "official"  # "Ukraine's human rights ombudsman" holds a state office, whatever rights it defends
    if lemma == "official" and any(country_name(t.text) for t in modifiers):
        return "government"
    return None


def _is_named(span: Span) -> bool:
    head = span.root
    if head.pos_ == "PROPN":
        return True
    if head.ent_type_ in {"PERSON", "ORG"}:
        return True
    return head.is_upper and len(head.text) >= 2 and head.is_alpha


def _is_outlet(span: Span, expansion: str | None) -> bool:
    words = [t.lower_.strip(".") for t in span]
    named_outlet = any(w in _OUTLET_NAMES for w in words)
    if named_outlet and span.root.pos_ == "PROPN":
        return True
    if span.root.lower_ in _OUTLET_WORDS and (named_outlet or "news" in words):
        return True  # "the Interfax news agency", "state news agency TASS"
    if span.root.lower_ in _OUTLET_HEADS or "state media" in span.text.lower():
        return True
    if expansion is not None:
        return any(w.lower() in _OUTLET_NAME_WORDS or w.lower() in _OUTLET_NAMES for w in expansion.split())
    # an organisation whose name says it publishes ("... News", "... Television"); tokens, not span.ents,
    # which rebuilds every entity of the doc
    return any(t.ent_type_ == "ORG" and t.lower_ in _OUTLET_NAME_WORDS for t in span)


def expand_acronyms(doc: Doc) -> dict[str, str]:
    """Acronyms the text defines, ``Radio Free Europe (RFE)`` → ``{"RFE": "Radio Free Europe"}``.

    The long form is the shortest run of capitalised words before the parenthesis whose initials spell
    the acronym (small words such as "of" may sit inside); without such a run the acronym is skipped.
    Found once per doc (the reader and :func:`find_attributions` both ask).
    """
    cached: dict[str, str] | None = doc.user_data.get("claimledger.acronyms")
    if cached is not None:
        return cached
    found: dict[str, str] = {}
    text = doc_text(doc)
    for match in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", text):
        acronym = match.group(1)
        before = text[max(0, match.start() - 120) : match.start()].rstrip()
        words = before.split()
        letters = [c for c in acronym if c.isupper()]
        for size in range(len(letters), min(len(words), len(letters) + 4) + 1):
            candidate = words[-size:]
            initials = [w[0] for w in candidate if w[0].isupper()]
            if initials == letters and candidate[0][0].isupper():
                found[acronym] = " ".join(candidate)
                break
    doc.user_data["claimledger.acronyms"] = found
    return found


# --- finding attributions ----------------------------------------------------------------------------------


@dataclass
class AttributionCandidate:
    """A possible (cue, source) pair found in the parse, with the features the model scores it by.

    ``kind`` is ``verb`` (a verb and its subject), ``according`` ("according to X"), ``headline``
    ("Graham: ...") or ``noun`` ("his remarks", "a statement by X").
    """

    kind: str
    cue: Token
    mention: Span
    source: Span
    features: list[str]
    built: Attribution | None = None


@dataclass(frozen=True)
class AttributionModel:
    """Logistic regression over candidate features (trained on PolNeAR train), keeping scores ``>= threshold``.

    ``lemmas`` are the cue words whose candidates were sources in training: other verbs and nouns are not candidates,
    which keeps the reader fast.
    """

    weights: dict[str, float]
    bias: float
    threshold: float
    lemmas: frozenset[str]
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, features: Iterable[str]) -> float:
        """The logit of the candidate being a source."""
        weights = self.weights
        return self.bias + sum(weights.get(f, 0.0) for f in features)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (weights rounded: the file ships in the package)."""
        return {
            "bias": round(self.bias, 5),
            "threshold": round(self.threshold, 5),
            "lemmas": sorted(self.lemmas),
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-3},
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttributionModel:
        """The model saved by :meth:`to_json`."""
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            lemmas=frozenset(str(x) for x in data["lemmas"]),
            meta=dict(data.get("meta", {})),
        )


MODEL_FILE = "attribution_model.json"


@lru_cache(maxsize=1)
def load_attribution_model() -> AttributionModel:
    """The model shipped in ``claimledger/data`` (trained on the PolNeAR train split only)."""
    try:
        raw = resources.files("claimledger").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
        return AttributionModel.from_json(json.loads(raw))
    except (OSError, ValueError, KeyError) as exc:
        raise ClaimledgerError(
            f"the attribution model claimledger/data/{MODEL_FILE} is missing or unreadable ({exc})",
            hint="reinstall claimledger, or retrain: python -m claimledger.evaluation.polnear --train PATH/train",
        ) from exc


def find_attributions(doc: Doc, model: AttributionModel | None = None) -> list[Attribution]:
    """Every attribution in ``doc`` the model keeps, with parents linked (see the module docstring)."""
    model = model or load_attribution_model()
    acronyms = expand_acronyms(doc)
    quotes = find_quotes(doc_text(doc))
    found: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    headline_cues: set[int] = set()
    for candidate in attribution_candidates(doc, quotes, model.lemmas):
        if model.score(candidate.features) < model.threshold or candidate.cue.i in headline_cues:
            continue
        if candidate.kind == "headline":
            headline_cues.add(candidate.cue.i)  # the headline's reading of its cue, not the parser's
        for attribution in _build(candidate, acronyms, quotes):
            key = (attribution.cue_start, attribution.mention_start)
            if key not in seen:
                seen.add(key)
                found.append(attribution)
    _link_parents(found)
    return found


def attribution_candidates(
    doc: Doc, quotes: list[tuple[int, int]] | None = None, lemmas: frozenset[str] | None = None
) -> list[AttributionCandidate]:
    """Candidate (cue, source) pairs outside quotations; with ``lemmas``, only verbs/nouns with those lemmas
    (and whatever the hand rules take as a cue)."""
    quotes = find_quotes(doc_text(doc)) if quotes is None else quotes
    candidates: list[AttributionCandidate] = []
    for sentence in doc.sents:
        candidates.extend(_headline(sentence))
    inside = _quoted_tokens(doc, quotes)
    for token in doc:
        if token.i in inside:
            continue
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            candidates.extend(_according_to(token))
        elif token.pos_ in {"VERB", "AUX"}:
            candidate = _verb_candidate(token, lemmas, quotes)
            if candidate is not None:
                candidates.append(candidate)
        elif token.pos_ == "NOUN" and (lemmas is None or token.lemma_.lower() in lemmas):
            candidates.extend(_noun_candidates(token))
    return candidates


def _quoted_tokens(doc: Doc, quotes: list[tuple[int, int]]) -> set[int]:
    inside: set[int] = set()
    for start, end in quotes:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            inside.update(t.i for t in span if start < t.idx < end)
    return inside


def _lemma(token: Token) -> str:
    """The cue lemma, with its particle for phrasal verbs ("point_out")."""
    lemma = token.lemma_.lower()
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return f"{lemma}_{particle}" if particle else lemma


def _coarse(mention: Span) -> str:
    """What the source mention is: a person, an organisation, a pronoun, a thing."""
    head = mention.root
    low = head.lower_
    if low in {"he", "she", "i", "we", "they", "who", "whom", "his", "her", "their", "my", "our"}:
        return "person"
    if head.pos_ == "PRON" or low in _RELATIVE_PRONOUNS:
        return "pron"
    if head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return head.ent_type_.lower()
    return head.pos_.lower()


_LISTS = (("speech", SPEECH_VERBS), ("stance", STANCE_VERBS), ("belief", BELIEF_VERBS))


def _verb_candidate(
    token: Token, lemmas: frozenset[str] | None, quotes: list[tuple[int, int]]
) -> AttributionCandidate | None:
    lemma = _lemma(token)
    rule = _is_cue_verb(token)
    if lemmas is not None and not rule and lemma not in lemmas:
        return None
    if lemma == "claim" and _takes_lives(token):
        return None  # "the war has claimed thousands of lives", "23 victims": a toll, not a report
    subject = _subject(token)
    if subject is None:
        return None
    mention, source = subject
    deps = {c.dep_ for c in token.children}
    coarse = _coarse(mention)
    listed = next((name for name, words in _LISTS if lemma in words), "none")
    features = [
        "kind=verb",
        f"lemma={lemma}",
        f"list={listed}",
        f"dep={token.dep_}",
        f"tag={token.tag_}",
        f"subj={coarse}",
        f"subjword={mention.root.lower_}",
        f"lemma={lemma}|subj={coarse}",
        f"lemma={lemma}|dep={token.dep_}",
    ]
    if rule:
        features.append("rule")
    if mention.start_char != source.start_char or mention.end_char != source.end_char:
        features.append("resolved")
    if token.i < mention.start:
        features.append("inverted")
    for dep in deps & {"ccomp", "xcomp", "dobj", "prep", "dative", "attr", "acomp", "advcl", "parataxis", "neg"}:
        features += [f"child={dep}", f"lemma={lemma}|child={dep}"]
    if not deps & {"ccomp", "xcomp", "dobj", "attr", "acomp", "parataxis"}:
        features.append(f"lemma={lemma}|nocomp")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children):
        features.append("modal")
    acomp = _stance_adjective(token)
    if acomp is not None:
        features.append(f"acomp={acomp.lemma_.lower()}")
    sentence = token.sent
    if any(s < sentence.end_char and sentence.start_char < e for s, e in quotes):
        features += ["sent_quote", f"list={listed}|sent_quote"]
    return AttributionCandidate("verb", token, mention, source, features)


def _noun_candidates(noun: Token) -> Iterable[AttributionCandidate]:
    """``his remarks``, ``Trump's statement``, ``a statement by the ministry``."""
    lemma = noun.lemma_.lower()
    for child in noun.children:
        holder: Token | None = None
        if child.dep_ == "poss":
            holder = child
        elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            holder = next((g for g in child.children if g.dep_ == "pobj"), None)
        if holder is None:
            continue
        mention = _phrase(holder)
        coarse = _coarse(mention)
        features = [
            "kind=noun",
            f"noun={lemma}",
            f"noun={lemma}|{child.dep_}",
            f"nsubj={coarse}",
            f"noun={lemma}|subj={coarse}",
            f"ndep={noun.dep_}",
        ]
        features += [f"nchild={c.dep_}" for c in noun.children if c.dep_ in {"acl", "ccomp", "prep", "relcl"}]
        yield AttributionCandidate("noun", noun, mention, mention, features)


def _build(
    candidate: AttributionCandidate, acronyms: dict[str, str], quotes: list[tuple[int, int]]
) -> Iterable[Attribution]:
    """The attribution(s) of a kept candidate: the speaker, and for "X told RFE" the outlet told."""
    if candidate.kind in {"headline", "according"}:
        yield _classified(candidate, acronyms)
        return
    if candidate.kind == "noun":
        noun = candidate.cue
        content = [t for t in noun.subtree if not (candidate.mention.start <= t.i < candidate.mention.end)]
        yield _attribution(candidate.source, candidate.mention, noun.doc[noun.i : noun.i + 1], content, acronyms)
        return
    token = candidate.cue
    mention, source_span = candidate.mention, candidate.source
    if mention.text.lower() in _PERSONAL_PRONOUNS:
        source_span = _antecedent(mention) or source_span
    content_start, content_end = _verb_content(token, mention, quotes)
    if content_end <= content_start:
        return
    cue_tokens = [token, *[c for c in token.children if c.dep_ == "prt"][:1]]
    cue_span = token.doc[token.i : max(t.i for t in cue_tokens) + 1]
    lemma = token.lemma_.lower()
    demand = _demands(token) or _convenes(token)
    speaker = Attribution(
        source=classify_source(source_span, acronyms),
        source_start=source_span.start_char,
        source_end=source_span.end_char,
        cue=cue_span.text,
        cue_start=token.idx,
        cue_end=cue_span.end_char,
        content_start=content_start,
        content_end=content_end,
        mention_start=mention.start_char,
        mention_end=mention.end_char,
        stance=(lemma not in SPEECH_VERBS and len(cue_tokens) == 1) or lemma in DISPUTE_VERBS or demand,
    )
    yield speaker
    if lemma == "tell":
        addressee = _addressee(token, acronyms, speaker)
        if addressee is not None:
            yield addressee


def _demands(verb: Token) -> bool:
    """The verb asks for something rather than telling it: "urged Russian troops to leave", "called for the UN to
    visit the site of the strike, which killed 18", "called on allies to provide more aid"."""
    lemma = verb.lemma_.lower()
    if lemma in DEMAND_VERBS:
        return True
    if lemma not in _DEMAND_IF_ASKED:
        return False
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"for", "on", "upon"}:
            return True
        marked = any(g.lower_ in {"for", "to"} and g.i < child.i for g in child.children)
        if child.dep_ in {"advcl", "xcomp"} and marked:
            return True
    return False


def _convenes(verb: Token) -> bool:
    """ "The security council called an emergency session": "call" with a bare object convenes, it says nothing ("called
    it a massacre" names, "called the toll a lie" too: those have a second complement)."""
    if verb.lemma_.lower() != "call":
        return False
    deps = {c.dep_ for c in verb.children if not _adverbial(c)}
    return "dobj" in deps and not {"oprd", "xcomp", "ccomp", "attr", "acomp"} & deps


#: Subordinators that make a clause the parser hangs on a verb as its complement an adverbial ("as refugees reached 1
#: million, the council called ...": when, not what).
_ADVERBIAL_MARKS = frozenset("as when while after before because since although though if once until".split())


def _adverbial(clause: Token) -> bool:
    """A clause marked by a subordinator of time, cause or condition: it says when or why, never what was said."""
    return clause.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def _classified(candidate: AttributionCandidate, acronyms: dict[str, str]) -> Attribution:
    built = candidate.built
    assert built is not None, "headline and according-to candidates carry their attribution"
    built.source = classify_source(candidate.source, acronyms)
    return built


def _attribution(source: Span, mention: Span, cue: Span, content: list[Token], acronyms: dict[str, str]) -> Attribution:
    """A stance attribution over a noun cue: it names whose position the content is."""
    tokens = [t for t in content if not t.is_space] or list(cue)
    return Attribution(
        source=classify_source(source, acronyms),
        source_start=source.start_char,
        source_end=source.end_char,
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        content_start=min(t.idx for t in tokens),
        content_end=max(t.idx + len(t.text) for t in tokens),
        mention_start=mention.start_char,
        mention_end=mention.end_char,
        stance=True,
    )


def _headline_features(source: Span, lemma: str) -> list[str]:
    listed = "speech" if lemma in SPEECH_VERBS or lemma == ":" else "stance"
    coarse = _coarse(source)
    return ["kind=headline", f"lemma={lemma}", f"list={listed}", f"subj={coarse}", f"headline={lemma}|subj={coarse}"]


def _headline(sentence: Span) -> Iterable[AttributionCandidate]:
    """Headline forms the parser misreads: ``Graham: Trump's rhetoric ...``, ``Howard Dean Tells Convention`` and
    ``... killed in Sumy, officials say``."""
    words = [t for t in sentence if t.is_alpha]
    if not words:
        return
    yield from _trailing_speaker(sentence)
    colon = next((t for t in sentence[:7] if t.text == ":"), None)
    if colon is not None and colon.i > sentence.start and sentence.end - colon.i > 2:
        before = sentence.doc[sentence.start : colon.i]
        if before[0].is_title or before[0].is_upper:
            if all(t.pos_ in {"PROPN", "NOUN", "ADJ", "DET", "PART", "PUNCT", "CCONJ"} for t in before):
                speaker = _speaker_label(before)
                if speaker is False:
                    return  # "Sumy: 18 killed ...", "Ukraine: UN says ...": the place the headline is about
                built = _simple(before, colon, sentence.doc[colon.i + 1 : sentence.end])
                features = _headline_features(before, ":") + (["rule"] if speaker else [])
                yield AttributionCandidate("headline", colon, before, before, features, built)
                return
    if sum(t.is_title or t.is_upper for t in words) < 0.6 * len(words) or len(words) < 3:
        return
    for token in sentence:
        if token.i == sentence.start or not token.is_title or token.pos_ == "VERB" and _subject(token) is not None:
            continue
        lemma = _deinflect(token.lower_)
        if lemma is None:
            continue
        start = token.i
        while start > sentence.start and token.i - start < 6 and _capitalised(sentence.doc[start - 1]):
            start -= 1
        if start < token.i:
            source = sentence.doc[start : token.i]
            built = _simple(source, token, sentence.doc[token.i + 1 : sentence.end])
            built.stance = lemma not in SPEECH_VERBS
            features = _headline_features(source, lemma)
            yield AttributionCandidate("headline", token, source, source, features, built)
            return


def _speaker_label(label: Span) -> bool | None:
    """A headline's label before its colon: True for a speaker ("Zelenskiy", "Kyiv mayor", "UN"), False for a
    place ("Sumy", "Ukraine", "Kharkiv region"), None when its words do not say."""
    from .sides import source_side

    head = label[-1]
    if all(t.is_title or t.lower_ in _PLACE_HEADS for t in label) and _is_place_name(label):
        return False  # "Kyiv: two killed ...", "Sumy" (which the model takes for a person)
    if source_side(label.text) not in (None, "neutral") and len(label) == 1:
        return True  # a side's organ or leader: "Zelenskiy", "Kremlin"
    if head.ent_type_ == "PERSON" or head.text in _INTERGOVERNMENTAL or _word_kind(head.lower_) is not None:
        return head.lower_ not in _PLACE_HEADS
    return None


_PLACE_HEADS = frozenset("region province oblast city town village district".split())


def _is_place_name(label: Span) -> bool:
    from .geoparse import get_geoparser

    name = " ".join(t.text for t in label if t.lower_ not in _PLACE_HEADS)
    found = get_geoparser().gazetteer.lookup(name) if name else []
    return any(c.primary or c.name.casefold() == name.casefold() for c in found)  # not "Johnson" (County)


#: Headline cue verbs after the last comma ("..., says UN", "..., officials say", "..., Ukraine claims").
_TRAILING_CUES = frozenset("say claim report warn admit confirm estimate believe fear allege insist tell".split())


def _trailing_speaker(sentence: Span) -> Iterable[AttributionCandidate]:
    """ "At least 35 killed in strike on base, says Ukraine", "Four dead in Kharkiv, officials say": the speaker of a
    headline is after its last comma, and what they say is all before it (the model reads the first noun as the
    subject of "says")."""
    tokens = [t for t in sentence if not t.is_space]
    if not tokens or tokens[-1].text in (".", "!", "?", "…", "”", '"', "’"):
        return  # prose: "..., the UN human rights commissioner said earlier on Monday."
    while tokens and (tokens[-1].is_punct or tokens[-1].text in ("–", "-")):
        tokens = tokens[:-1]
    if len(tokens) < 4:
        return
    dash = next((k for k, t in enumerate(tokens) if t.text in ("–", "—") and k > 0), None)
    tokens = tokens[:dash] if dash is not None else tokens  # "..., says mayor – as it happened"
    comma = max((k for k, t in enumerate(tokens) if t.text == ","), default=None)
    if comma is None or comma < 2 or len(tokens) - comma > 8:
        return
    tail = tokens[comma + 1 :]
    cues = [t for t in tail if t.lemma_.lower() in _TRAILING_CUES and t.tag_ in ("VBZ", "VBP", "VBD", "VB", "NNS")]
    if len(cues) != 1 or any(t.pos_ in ("VERB", "AUX") and t is not cues[0] for t in tail):
        return
    cue = cues[0]
    name = [t for t in tail if t is not cue]
    if not name or not (cue is tail[0] or cue is tail[-1]) or any(t.is_punct for t in name):
        return
    doc = sentence.doc
    source = doc[name[0].i : name[-1].i + 1]
    built = _simple(source, cue, doc[sentence.start : tokens[comma].i])
    built.stance = cue.lemma_.lower() not in SPEECH_VERBS
    lemma = cue.lemma_.lower()
    yield AttributionCandidate("headline", cue, source, source, [*_headline_features(source, lemma), "rule"], built)


def _capitalised(token: Token) -> bool:
    return token.is_title or token.is_upper


def _deinflect(word: str) -> str | None:
    """The cue lemma of a title-case headline verb ("Says", "Slams", "Tells", "Told"), or None."""
    irregular = {"says": "say", "said": "say", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write"}
    forms = [irregular.get(word, word)]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("ed"):
        forms += [word[:-2], word[:-1]]
    return next((f for f in forms if f in SPEECH_VERBS or f in STANCE_VERBS), None)


def _simple(source: Span, cue: Token, content: Span) -> Attribution:
    """An attribution whose source, cue and content are plain adjacent spans (its source is classified when kept)."""
    content_tokens = [t for t in content if not t.is_space]
    end_token = content_tokens[-1] if content_tokens else cue
    return Attribution(
        source=Source(text=source.text, kind="unknown", named=False),
        source_start=source.start_char,
        source_end=source.end_char,
        cue=cue.text,
        cue_start=cue.idx,
        cue_end=cue.idx + len(cue.text),
        content_start=content_tokens[0].idx if content_tokens else cue.idx + len(cue.text),
        content_end=end_token.idx + len(end_token.text),
        mention_start=source.start_char,
        mention_end=source.end_char,
    )


def _antecedent(pronoun: Span) -> Span | None:
    """The person "he"/"she" most likely stands for: the last PERSON named before it, at most two sentences back
    (or the last speaking name the model took for an organisation)."""
    sentence = pronoun.sent
    window_start = sentence.start
    for _ in range(2):
        if window_start == 0:
            break
        window_start = pronoun.doc[window_start - 1].sent.start
    people = [e for e in pronoun.doc.ents if e.label_ == "PERSON" and window_start <= e.start < e.end <= pronoun.start]
    if people:
        return people[-1]
    # the small model often tags a name as an organisation ("Volodymyr Zelenskiy" ORG): a run of two or three
    # capitalised proper nouns that speaks (a subject, or in apposition to one) is a person too
    doc = pronoun.doc
    for token in reversed(doc[window_start : pronoun.start]):
        if token.pos_ != "PROPN" or token.dep_ not in {"nsubj", "appos"} or token.ent_type_ in {"GPE", "NORP", "LOC"}:
            continue
        first = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title]
        if first and token.is_title:  # a first name and a surname: "Oleksandr Senkevych"
            return doc[first[0].i : token.i + 1]
    return None


def _takes_lives(verb: Token) -> bool:
    """ "claimed the lives of 12", "claimed 20 lives", "claimed thousands of lives", "claimed 23 victims"."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    objects += [g for o in objects for p in o.children if p.lower_ == "of" for g in p.children]
    return any(o.lemma_.lower() in {"life", "victim"} or o.lower_ == "lives" for o in objects)


def _is_cue_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if any((lemma, c.lower_) in PARTICLE_VERBS for c in token.children if c.dep_ == "prt"):
        return True
    if lemma == "be":
        return _stance_adjective(token) is not None
    if lemma in BELIEF_VERBS:
        return any(c.dep_ == "ccomp" for c in token.children)
    return lemma in SPEECH_VERBS or lemma in STANCE_VERBS


def _stance_adjective(verb: Token) -> Token | None:
    """``was critical of ...``: the adjective of a copula that takes a complement and expresses a stance."""
    for child in verb.children:
        if child.dep_ == "acomp" and child.lemma_.lower() in STANCE_ADJECTIVES:
            if any(g.dep_ in {"ccomp", "prep", "xcomp"} for g in child.children):
                return child
    return None


def _subject(verb: Token) -> tuple[Span, Span] | None:
    """The mention of the source in the clause and the source phrase it stands for, or None."""
    current = verb
    for _ in range(4):
        passive = _is_passive(current)
        if passive:
            agents = [g for c in current.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            return (_whole(agents[0]), _phrase(agents[0])) if agents else None
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _NON_SOURCES:
                return None
            if subject.lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return _phrase(subject), _phrase(current.head, exclude=current)
            agent = _obtained_by(subject)
            if agent is not None:
                return _whole(agent), _phrase(agent)
            return _whole(subject), _phrase(subject)
        inverted = _inverted_subject(current) if current == verb else None
        if inverted is not None:
            return _whole(inverted), _phrase(inverted)
        if current.dep_ == "relcl" and current.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return _phrase(current.head, exclude=current), _phrase(current.head, exclude=current)
        if current.dep_ in {"conj", "advcl", "xcomp"} and current.head != current:
            current = current.head
            continue
        return None
    return None


def _obtained_by(subject: Token) -> Token | None:
    """``Footage obtained by RFE appears to show``: the agent of a participle on the subject speaks for it."""
    if subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    for child in subject.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return agents[0]
    return None


def _is_passive(verb: Token) -> bool:
    """A passive clause; "he's said" is read as "he has said" unless "to" follows ("he's said to be")."""
    auxpass = [c for c in verb.children if c.dep_ == "auxpass"]
    if not auxpass and not any(c.dep_ in _PASSIVE_SUBJECTS for c in verb.children):
        return False
    if auxpass and all(a.lower_ in {"'s", "’s"} for a in auxpass):
        has_to = any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in verb.children)
        has_agent = any(c.dep_ == "agent" for c in verb.children)
        return has_to or has_agent
    return True


def _inverted_subject(verb: Token) -> Token | None:
    """``"...," reported the Washington Examiner``: the parser takes the speaker after the verb for its object."""
    if verb.i == 0 or verb.dep_ not in {"ROOT", "parataxis", "ccomp"} or verb.lemma_.lower() not in SPEECH_VERBS:
        return None
    if verb.doc[verb.i - 1].text not in {",", "”", "’", '"'}:
        return None
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"} and c.i > verb.i and c.pos_ in {"PROPN", "NOUN"}]
    return objects[0] if objects else None


def _whole(head: Token) -> Span:
    """The full phrase of ``head`` as written, appositions and clauses included, without edge punctuation."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    while end - start > 1 and doc[end - 1].is_punct:
        end -= 1
    while end - start > 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _phrase(head: Token, exclude: Token | None = None) -> Span:
    """The noun phrase of ``head`` without relative clauses, appositions, participles and edge punctuation."""
    drop: set[int] = set()
    for token in head.subtree:
        if token != head and (token.dep_ in _PHRASE_TRIM or token == exclude):
            drop.update(t.i for t in token.subtree)
    kept = [t.i for t in head.subtree if t.i not in drop]
    start, end = min(kept), max(kept) + 1
    doc = head.doc
    # A trimmed clause after the head ends the phrase ("Locals in Mazyr, a city ..., have").
    after = [i for i in range(head.i + 1, end) if i in drop]
    if after:
        end = after[0]
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    while end - start > 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return doc[start:end]


def _verb_content(verb: Token, mention: Span, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """What the verb attributes: its clausal/object complements, else the clause it comments on, plus any
    quotation that ends just before the speaker or opens just after the cue."""
    doc = verb.doc
    parts = [c for c in verb.children if _is_content_child(verb, c, mention)]
    if any(c.dep_ == "ccomp" for c in parts):  # "said one woman was killed and two more injured": the verbless
        parts += [c for c in verb.children if c.dep_ == "conj" and c.pos_ not in {"VERB", "AUX"} and c.i > verb.i]
    if any(c.dep_ == "ccomp" and c.i < verb.i for c in parts):  # "Nine were killed, the governor said, and 19 were
        # injured": a clause joined after a speaker set inside the report goes on with it (unless it is another cue)
        parts += [c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and not _is_cue_verb(c)]
    tokens = [t for c in parts for t in c.subtree if not (mention.start <= t.i < mention.end)]
    last = all(t.is_punct or t.is_space for t in doc[verb.i + 1 : verb.sent.end])
    if last and verb.dep_ == "conj" and tokens and max(t.i for t in tokens) < verb.i:
        # "2 people were killed and 11 others were wounded, the governor reported": the parser joined the cue to
        # the first clause and took the second for its content; a speaker closing the sentence reports all of it
        own = {t.i for t in verb.subtree}
        tokens += [t for t in verb.head.subtree if t.i not in own]
    if not tokens and verb.dep_ in {"parataxis", "ccomp", "advcl"} and verb.head != verb:
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own]
    if not tokens:
        tokens = [t for t in verb.sent if not (mention.start <= t.i < mention.end) and t.i != verb.i]
    tokens = [t for t in tokens if not t.is_punct or t.text in _QUOTE_MARKS]
    if not tokens:
        return 0, 0
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    clause_start = min(mention.start_char, verb.idx)
    clause_end = max(mention.end_char, verb.idx + len(verb.text))
    # A verb with a complement of its own after it ("” Ukraine announced the exchange ...") says that, not the
    # quotation just before it (which closed the sentence before); "told the BBC" is no such complement.
    told = verb.lemma_.lower() == "tell"
    says = any(c.i > verb.i and (c.dep_ in {"ccomp", "xcomp"} or (c.dep_ == "dobj" and not told)) for c in parts)
    for q_start, q_end in quotes:
        # Only quotations right beside the clause can be its content.
        before = q_end <= clause_start and clause_start - q_end <= 4
        if before and not says and _is_glue(doc_text(doc)[q_end:clause_start]):
            # a quotation closing the sentence before "..., X said" is the end of the content, not all of it
            return min(q_start, verb.sent.start_char), q_end
        if q_start >= clause_end and q_start - clause_end <= 40 and _is_lead_in(doc_text(doc)[clause_end:q_start]):
            return q_start, q_end
    return start, end


_QUOTE_MARKS = set('“”‘’"«»')
_NOT_CONTENT = {"punct", "cc", "conj", "agent", "dative", "aux", "auxpass", "neg", "prt", "mark", "advmod", "npadvmod"}


def _is_content_child(verb: Token, child: Token, mention: Span) -> bool:
    """Complements, and anything after the verb that is not the speaker, the addressee or a joined clause."""
    if mention.start <= child.i < mention.end or child.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS:
        return False
    if _adverbial(child):
        return False
    if child.dep_ in _CONTENT_DEPS:
        told = verb.lemma_.lower() == "tell" and child.dep_ == "dobj"
        return not (told and any(c.dep_ == "ccomp" for c in verb.children))
    return child.i > verb.i and child.dep_ not in _NOT_CONTENT


def _is_glue(gap: str) -> bool:
    """Between a quotation and its speaker: ``,’ said`` leaves nothing but spaces/commas/dashes."""
    return len(gap) <= 4 and all(c in " ,—–-" for c in gap)


def _is_lead_in(gap: str) -> bool:
    """Between a cue and the quotation it introduces: ``told RFE: ‘``, ``said: “``, ``said, “``."""
    stripped = gap.strip()
    return len(gap) <= 40 and (stripped.endswith(":") or stripped in {"", ","})


def _according_to(token: Token) -> Iterable[AttributionCandidate]:
    to = next(c for c in token.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return
    source_span = _phrase(objects[0])
    own = {t.i for t in token.subtree}
    scope: list[Token] = list(token.sent)
    clause = token.head
    if clause.dep_ == "ccomp" and _lemma(clause.head) in SPEECH_VERBS:
        scope = list(clause.subtree)  # "officials said 824 died, according to Ukrainian updates": a source they cite
    sentence = [t for t in scope if t.i not in own and not t.is_punct]
    if not sentence:
        return
    built = Attribution(
        source=Source(text=source_span.text, kind="unknown", named=False),
        source_start=source_span.start_char,
        source_end=source_span.end_char,
        cue=token.doc[token.i : to.i + 1].text,
        cue_start=token.idx,
        cue_end=to.idx + len(to.text),
        content_start=min(t.idx for t in sentence),
        content_end=max(t.idx + len(t.text) for t in sentence),
        mention_start=source_span.start_char,
        mention_end=source_span.end_char,
    )
    features = ["kind=according", f"subj={_coarse(source_span)}"]
    yield AttributionCandidate("according", token, source_span, source_span, features, built)


def _addressee(verb: Token, acronyms: dict[str, str], speaker: Attribution) -> Attribution | None:
    """``X told RFE``: RFE published what X said, so it becomes X's parent (outlets only)."""
    told = [c for c in verb.children if c.dep_ in {"dative", "dobj", "iobj"} and c.pos_ in {"PROPN", "NOUN"}]
    if not told:
        return None
    span = _phrase(told[0])
    source = classify_source(span, acronyms)
    if source.kind != "outlet":
        return None
    return Attribution(
        source=source,
        source_start=span.start_char,
        source_end=span.end_char,
        cue=speaker.cue,
        cue_start=speaker.cue_start,
        cue_end=speaker.cue_end,
        content_start=min(speaker.source_start, speaker.content_start),
        content_end=max(speaker.content_end, speaker.cue_end),
        mention_start=span.start_char,
        mention_end=span.end_char,
        addressee=True,
    )


def _link_parents(attributions: list[Attribution]) -> None:
    """Each attribution's parent is the one with the smallest content holding its source (and not held by it)."""
    for child in attributions:
        best: Attribution | None = None
        for other in attributions:
            if other is child or other.stance:
                continue
            holds = other.content_start <= child.source_start and child.source_end <= other.content_end
            held = child.content_start <= other.source_start and other.source_end <= child.content_end
            if not holds or held:
                continue
            if best is None or other.content_end - other.content_start < best.content_end - best.content_start:
                best = other
        child.parent = best
    for attribution in attributions:
        _break_cycle(attribution)


def _break_cycle(attribution: Attribution) -> None:
    seen: set[int] = set()
    current: Attribution | None = attribution
    while current is not None:
        if id(current) in seen:
            current.parent = None
            return
        seen.add(id(current))
        current = current.parent


def chain_for(attributions: list[Attribution], start: int, end: int) -> list[Source]:
    """Sources of the claim span ``[start, end)``, outermost first; ``[]`` when nothing attributes it."""
    holding = [a for a in attributions if not a.stance and a.content_start <= start and end <= a.content_end]
    if not holding:
        return []
    current: Attribution | None = min(holding, key=lambda a: (a.content_end - a.content_start, a.addressee))
    chain: list[Source] = []
    while current is not None:
        if not chain or chain[-1] != current.source:
            chain.append(current.source)
        current = current.parent
    return list(reversed(chain))
