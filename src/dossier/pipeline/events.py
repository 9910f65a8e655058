"""PLOVER events carried by statements: "North Korea sends 3,000 troops to Russia" → AID (military), PRK → RUS.

An event needs a predicate the lexicons know (a verb sense of ``event_verbs``, or a light verb of
``event_light_verbs`` whose object, or the object of its "in"/"on" phrase, is a noun of ``event_nouns``: "sign a
pact", "launch strikes", "went on strike") AND a plausible argument: a subject naming an actor (an entity), an agent
noun ("police", "rebels") or a pronoun, and whatever object the sense needs (troops or arms for military aid). Two
more ways: a passive naming its patient codes the acts done to someone without their agent ("five protesters were
arrested"), and an event noun as the subject of a verb of ``event_occurrence_verbs`` codes itself ("protests
erupted", "talks were held"). Precision comes first: a sense whose needs are not met codes nothing.

The PLOVER manual's rules on time: a promised retreat is CONCEDE, a meeting, cooperation or aid to come AGREE
("will meet", "is ready to resume talks": ``event_intent_words``).

Source actors come from the subject (or, for a passive, the ``by`` agent; for a clause without its own subject, the
clause it depends on); targets from the object, then the ``to``/``against``/``with`` phrases, then a purpose clause
("sends troops to help Russia"); an event's place ("talks in Oman") is no target. Codes are those of the entities'
actors (a pronoun inside what someone says is the speaker: "Moscow said it had shot down 20 drones"); an actor
without a code gives none.
The date is a dated time expression of the sentence (nearest first), else the publication date, ``date_from``
saying which. The statement whose content holds the predicate carries the event: a denial marks it negated, a
prediction future, a question hypothetical; so do a negation, "will" and "would/could/if" on the predicate.

One pass over the tokens with dictionary lookups on lemmas: linear in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.model import Event, EventType, Quantity, Statement, TimeRef
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers the attributes)
from dossier.pipeline import lexicons

_VERBS = lexicons.table("event_verbs")
_NOUNS = lexicons.table("event_nouns")
_LIGHT_VERBS = lexicons.words("event_light_verbs")
_OCCURRENCE_VERBS = lexicons.words("event_occurrence_verbs")
_AGENTS = lexicons.words("event_agent_nouns")
_CLASSES = {name: frozenset(words) for name, words in lexicons.table("event_object_classes").items()}
_CONCESSIONS = lexicons.words("event_concession_words")
_INTENT_WORDS = lexicons.words("event_intent_words")
_SPEECH_VERBS = lexicons.words("cue_verbs")  # "refused to comment" is a statement's stance, not a rejection
# "talks in Oman", "strikes after the vote": the event's place or time, not its target.
_PLACE_AND_TIME = lexicons.words("place_and_time_prepositions") | {"at"}

_SUBJECTS = frozenset({"nsubj", "csubj"})
# Pronoun subjects that name an actor ("they attacked"); "it" only inside what a speaker says ("Moscow said it had
# shot down 20 drones"), and the singular ones take the speaker's code when nothing else gives one.
_PRONOUN_AGENTS = frozenset({"he", "she", "they", "we"})
_SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "we", "i"})
# What completes a verb of several words: a particle, preposition or adverb ("pulled out", "called for"), or the
# predicate of its object ("found him guilty", read as a clause or a complement).
_PARTICLES = frozenset({"prt", "prep", "advmod", "ccomp", "oprd", "acomp"})
_PERSONAL_OBJECTS = frozenset({"him", "her", "them", "us", "me"})  # "met him": a counterpart
_OBJECTS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})
_TARGET_PREPOSITIONS = frozenset({"to", "against", "with", "on", "at", "into", "toward", "towards", "upon"})
# Clauses whose subject is their head's ("agreed to withdraw", "by sending"); not a ccomp, whose head is often the
# verb of saying ("Kyiv said Russia attacked"): its subject is the speaker.
_OBJECT_PREPOSITIONS = _TARGET_PREPOSITIONS | {"for", "from", "of", "about", "over"}
_DEPENDENT_CLAUSES = frozenset({"xcomp", "advcl", "pcomp", "conj", "acomp"})
_NOT_THE_SUBJECT = frozenset({"relcl", "acl", "advcl", "ccomp", "appos"})  # a subject's own clauses
_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "nummod", "det"})
_FUTURE_AUXILIARIES = frozenset({"will", "shall"})
_HYPOTHETICAL_AUXILIARIES = frozenset({"would", "could", "might", "may", "should"})
_HYPOTHETICAL_MARKS = frozenset({"if", "unless"})
_STANCE_MARKS = {"deny": "negated", "predict": "future", "question": "hypothetical"}
# Events whose clause complement is their content, not an event of its own: "urged Russia to withdraw" is a
# request, "threatened to strike" a threat, "agreed to halt" a concession.
# Likewise the purpose of sending or deploying troops ("sent soldiers to fight for Russia") is not a second event.
_GOVERNING = frozenset({"AGREE", "CONCEDE", "REQUEST", "THREATEN", "REJECT", "ACCUSE", "AID", "MOBILIZE"})
# Types whose patient alone makes the event, the agent left unsaid: "five protesters were arrested", "three
# soldiers were killed", "the minister was charged".
_PATIENT_TYPES = frozenset(
    {"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "RETREAT", "AID", "CONCEDE", "MOBILIZE", "COOPERATE"})
# What makes a military exercise joint (COOPERATE) rather than one side's show of force (MOBILIZE).
_JOINT_WORDS = frozenset({"joint", "combined", "bilateral", "trilateral", "multinational", "allied"})


@Language.factory(
    "dossier_events",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.sents", "token.dep", "token.head", "token.lemma", "token.tag", "doc._.entities", "span._.actor",
              "doc._.statements", "doc._.times", "doc._.quantities"],
    assigns=["doc._.events"],
)
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


@dataclass(frozen=True, slots=True)
class _Sense:
    type: EventType
    mode: str | None
    needs: str


@dataclass(slots=True)
class _Arguments:
    source: list[Span]
    target: list[Span]
    agent_noun: bool  # the subject is an agent noun ("police") when it names no entity
    object: Token | None
    inherited: bool
    subject: Token | None
    passive: bool  # a passive naming its patient ("five protesters were arrested"), whoever its agent


class EventCoder:
    def __call__(self, doc: Doc) -> Doc:
        entity_at: dict[int, Span] = {}
        for span in doc._.entities or ():
            for i in range(span.start, span.end):
                entity_at[i] = span
        statements: Sequence[Statement] = doc._.statements or ()
        times: Sequence[TimeRef] = doc._.times or ()
        quantities: Sequence[Quantity] = doc._.quantities or ()
        events: list[Event] = []
        governing: set[int] = set()
        for token in doc:
            if _governed(token, governing):
                continue
            found = _coded(token, entity_at)
            if found is None:
                continue
            sense, arguments, predicate = found
            if sense.type in _GOVERNING:
                governing.add(token.i)
            events.append(_event(doc, len(events) + 1, sense, arguments, predicate, statements, times, quantities))
        doc._.events = events
        return doc


def _coded(token: Token, entity_at: dict[int, Span]) -> tuple[_Sense, _Arguments, list[Token]] | None:
    """The sense and arguments of an event whose predicate is ``token``, or None."""
    if token.pos_ not in {"VERB", "NOUN"} and not token.tag_.startswith("VB"):
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and not (lemma in _VERBS and _misparsed(token)):
        return None  # a noun is a predicate only where the parser took a verb for one ("shipments supply shells")
    predicate = [token]
    for child in _event_noun_candidates(token):
        if noun_senses := _NOUNS.get(child.lemma_.lower()):
            for type_, mode, light, *needs in noun_senses:
                if lemma in light or (not light and lemma in _LIGHT_VERBS):
                    arguments = _arguments(token, child, entity_at)
                    if needs and not _joint(child, arguments):
                        continue
                    if _plausible(arguments, "", child, type_):
                        return _Sense(type_, mode or None, ""), arguments, [token, child]
                    return None
            if lemma in _LIGHT_VERBS:
                return None
    senses = None
    for child in token.children:
        if child.dep_ in _PARTICLES and (senses := _VERBS.get(f"{lemma} {child.lower_}")):
            predicate.append(child)  # "pulled out", "called for", "pulled back" (back read as an adverb), "found guilty"
            break
        if child.dep_ in {"npadvmod", "compound"} and child.i < token.i and (  # "test-fired"
                senses := _VERBS.get(f"{child.lower_} {lemma}")):
            predicate.append(child)
            break
    if not senses:
        senses = _VERBS.get(lemma)
    if not senses:
        return _occurred(token, lemma, entity_at)
    obj = _object(token)
    arguments = _arguments(token, obj, entity_at)
    for type_, mode, needs in senses:
        if _plausible(arguments, needs, obj, type_, token) and not _speech(token, lemma):
            if type_ == "AGREE" and _concedes(token, obj):
                type_ = "CONCEDE"
            if type_ in {"AID", "MOBILIZE"} and needs in _CLASSES:  # the object is what is sent or deployed
                arguments = _arguments(token, obj, entity_at, goods=True)
            if needs == "guest":  # the visitor is PLOVER's actor, the host its recipient (manual 3.2.2)
                arguments.source, arguments.target = arguments.target, arguments.source
            if (type_, mode) == ("AID", "military") and not arguments.target and _destination(token):
                type_, mode = "MOBILIZE", "troops"  # troops sent somewhere, to no one: "sent the units into assaults"
            return _Sense(type_, mode or None, needs), arguments, predicate
    return _occurred(token, lemma, entity_at)


def _event_noun_candidates(token: Token) -> list[Token]:
    """The nouns a light verb may take: its object ("hold talks"), or the object of its "in"/"on" phrase ("took
    part in protests", "went on strike", "engaged in talks")."""
    found = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on"}:
            found += [g for g in child.children if g.dep_ == "pobj"]
    for obj in found[:1]:  # "took part in", "declared a state of emergency": the phrase hangs on the object
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "of"}:
                found += [g for g in child.children if g.dep_ == "pobj"]
    return found


def _destination(token: Token) -> bool:
    """Whether the verb says where it sends: "to the border", "into frontal assaults"."""
    return any(c.dep_ == "prep" and c.lower_ in {"to", "into", "toward", "towards"} for c in token.children)


def _occurred(token: Token, lemma: str, entity_at: dict[int, Span]) -> tuple[_Sense, _Arguments, list[Token]] | None:
    """An event noun as the subject of a verb saying it happened: "protests erupted in Paris", "talks were held
    between Israel and Hamas", "an Israeli airstrike killed 12". The noun is evidence enough without a named actor;
    its own phrase names them (its modifiers the source, an "on"/"against" phrase the target)."""
    particles = {f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt"}
    if lemma not in _OCCURRENCE_VERBS and not particles & _OCCURRENCE_VERBS:
        return None
    noun = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in _NOUNS), None)
    if noun is None:
        return None
    senses = _NOUNS[noun.lemma_.lower()]
    type_, mode, *_ = next((s for s in senses if lemma in s[2]), None) or next(
        (s for s in senses if not s[2]), senses[0])
    source = [e for c in noun.children if c.dep_ not in {"prep", "relcl", "acl"} for e in _actors_in(c, entity_at)]
    # "a peace agreement was signed by Ethiopia and Eritrea": the passive's agent
    source += [e for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
               for e in _actors_in(g, entity_at)]
    target: list[Span] = []
    for child in noun.children:
        if child.dep_ == "prep":
            found = [e for g in child.children if g.dep_ == "pobj" for e in _actors_in(g, entity_at)]
            if child.lower_ in {"between", "by", "of", "from", "among"}:
                source += found
            elif child.lower_ in _TARGET_PREPOSITIONS:
                target += found
    if not target:  # "sanctions were imposed on Iran"
        target = _prepositional(token, None, entity_at)
    if not target and token.lemma_.lower() not in _LIGHT_VERBS:  # "an airstrike killed five Palestinians"
        obj = _object(token)
        target = _actors_in(obj, entity_at) if obj is not None and obj is not noun else []
    arguments = _Arguments(source, target, False, noun, False, None, False)
    return _Sense(type_, mode or None, ""), arguments, [noun, token, *(c for c in token.children if c.dep_ == "prt")]


def _joint(noun: Token, arguments: _Arguments) -> bool:
    """A joint act: "joint drills", "exercises with Japan", or several actors holding them together."""
    return (any(c.lower_ in _JOINT_WORDS for c in noun.children) or len(arguments.source) > 1
            or any(c.dep_ == "prep" and c.lower_ == "with" for c in (*noun.children, *noun.head.children)))


def _concedes(token: Token, obj: Token | None) -> bool:
    """An agreement or promise to give something up: "agreed to halt", "agreed to the demands", "promised reforms"."""
    complements = [c for c in token.children if c.dep_ == "xcomp"]
    if obj is not None:
        complements.append(obj)
    return any(c.lemma_.lower() in _CONCESSIONS for c in complements)


def _governed(token: Token, governing: set[int]) -> bool:
    """The content of a request, threat or accusation coded before it: "(urged Russia) to withdraw", "(accused
    Russia) of shelling the plant"."""
    if token.head.i in governing and _complement(token):
        return True
    return token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.i in governing


def _complement(token: Token) -> bool:
    """A clause that completes its head: "(urged Russia) to withdraw", "(sent soldiers) to fight"."""
    if token.dep_ in {"xcomp", "ccomp"}:
        return True
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _misparsed(token: Token) -> bool:
    """A verb the parser read as the head of a noun phrase: "North Korean shipments supply half of the shells",
    its subject a compound on its left, its object an apposition."""
    return (
        token.dep_ == "ROOT"
        and _subject(token) is None
        and any(child.dep_ == "compound" and child.i < token.i for child in token.children)
    )


def _speech(token: Token, lemma: str) -> bool:
    """"refused to comment", "declined to confirm": a statement's stance, not an event."""
    return lemma in {"refuse", "decline"} and any(c.dep_ == "xcomp" and c.lemma_.lower() in _SPEECH_VERBS for c in token.children)


def _object(token: Token) -> Token | None:
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "troops sent by Kim": the noun is what was sent
        return token.head
    for child in token.children:  # "five protesters were arrested": the passive's subject is what it acts on
        if child.dep_ == "nsubjpass":
            return child
    for child in token.children:
        if child.dep_ in _OBJECTS or (child.dep_ == "appos" and _misparsed(token)):
            return child
    for child in token.children:  # "urged Russia to", "called for a ceasefire", "withdrew from the city"
        if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _arguments(token: Token, obj: Token | None, entity_at: dict[int, Span], goods: bool = False) -> _Arguments:
    """``goods``: the object is what is given ("sent the North Korean units"): its modifiers name no target, and
    given in a passive without its agent they name the giver ("North Korean troops were sent to Russia")."""
    subject = _subject(token)
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    inherited = False
    source_root: Token | None = agent if agent is not None else subject
    clause = token
    while source_root is None and passive is None and clause.dep_ in _DEPENDENT_CLAUSES | {"pcomp"}:
        clause = clause.head
        if clause.pos_ == "ADP":  # "by sending": the clause the preposition hangs on
            clause = clause.head
        source_root = _subject(clause)
        inherited = True
    source = _actors_in(source_root, entity_at, skip=_NOT_THE_SUBJECT) if source_root is not None else []
    if noun_subject := _misparsed(token):
        source = [e for c in token.children if c.dep_ in {"compound", "amod"} and c.i < token.i
                  for e in _actors_in(c, entity_at, skip=_NOT_THE_SUBJECT)]
    if goods and passive is not None and agent is None:  # "North Korean troops were sent": whose troops they are
        source = _actors_in(passive, entity_at, skip=_NOT_THE_SUBJECT)
    taken = {span.start for span in source}
    target: list[Span] = []
    if passive is not None and not goods:
        target = _actors_in(passive, entity_at, skip=_NOT_THE_SUBJECT)
    if not target and obj is not None and obj is not token.head and not (goods and obj is passive):
        target = _actors_in(obj, entity_at, skip=_MODIFIERS if goods else frozenset(), places=True)
    if not target:
        target = _prepositional(token, obj, entity_at)
    if not target:
        for child in token.children:  # "sends troops to help Russia"
            if child.dep_ in {"xcomp", "advcl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                target = [e for c in child.children if c.dep_ in _OBJECTS for e in _actors_in(c, entity_at)] or \
                    _prepositional(child, _object(child), entity_at)
                if target:
                    break
    if not target and inherited:  # "strengthening an alliance with Russia by sending troops"
        inherited_object = _object(clause)
        target = (_actors_in(inherited_object, entity_at) if inherited_object is not None else []) or \
            _prepositional(clause, inherited_object, entity_at)
    codes = {span._.actor.code for span in source if span._.actor is not None and span._.actor.code}
    target = [span for span in target if span.start not in taken
              and not (span._.actor is not None and span._.actor.code in codes)]
    head = source_root
    agent_noun = head is not None and (head.pos_ == "PROPN" or _contains(head, _AGENTS) or any(
        t.pos_ == "PROPN" for t in head.lefts if t.dep_ in {"compound", "amod"}) or head.lower_ in _PRONOUN_AGENTS
        or (head.lower_ == "it" and _reported(token)))
    if noun_subject:
        agent_noun = False
    # "it is attacked" names no patient: only a noun makes the passive an event whoever its agent
    patient_named = passive is not None and passive.pos_ != "PRON"
    return _Arguments(source, target, agent_noun, obj, inherited, source_root, patient_named)


def _reported(token: Token) -> bool:
    """Whether the clause is what a verb of saying reports: "(Moscow said) it had shot down"."""
    clause = token
    while clause.dep_ in {"ccomp", "conj", "xcomp", "advcl"} and clause.head is not clause:
        clause = clause.head
        if clause.lemma_.lower() in _SPEECH_VERBS:
            return True
    return False


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in _SUBJECTS), None)


def _prepositional(token: Token, obj: Token | None, entity_at: dict[int, Span]) -> list[Span]:
    heads = [token] if obj is None else [token, obj]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPOSITIONS:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and (found := _actors_in(grandchild, entity_at)):
                        return found
    return []


def _actors_in(
    root: Token, entity_at: dict[int, Span], skip: frozenset[str] = frozenset(), places: bool = False
) -> list[Span]:
    """The entities in ``root``'s phrase, in order, once each; its ``skip`` clauses left out, and with ``places``
    its place and time phrases."""
    found: dict[int, Span] = {}
    stack = [root]
    while stack:
        token = stack.pop()
        if (span := entity_at.get(token.i)) is not None:
            found.setdefault(span.start, span)
        stack.extend(c for c in token.children if c.dep_ not in skip
                     and not (places and c.dep_ == "prep" and c.lower_ in _PLACE_AND_TIME))
    return [found[start] for start in sorted(found)]


def _plausible(
    arguments: _Arguments, needs: str, obj: Token | None, type_: str, predicate: Token | None = None
) -> bool:
    if needs.startswith("subject:"):  # "workers strike", not "missiles strike": the class names who acts
        subject = arguments.subject
        return subject is not None and _contains(subject, _CLASSES.get(needs.removeprefix("subject:"), frozenset()))
    if not (arguments.source or arguments.agent_noun or (arguments.passive and type_ in _PATIENT_TYPES)):
        return False
    if not needs:
        return True
    if needs == "object":
        return obj is not None or bool(arguments.target)
    if needs == "target":
        return bool(arguments.target)
    if needs in {"counterpart", "guest"}:
        return _counterpart(arguments, obj)
    if needs == "visited":  # "Macron visited Kyiv", not "a volunteer who travelled to Syria"
        return bool(arguments.source and arguments.target)
    if needs == "clause":  # "refused to discuss"
        return predicate is not None and any(c.dep_ == "xcomp" for c in predicate.children)
    if needs.startswith("complement:"):  # "vowed to retaliate"
        words = _CLASSES.get(needs.removeprefix("complement:"), frozenset())
        return predicate is not None and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in words for c in predicate.children)
    words = _CLASSES.get(needs, frozenset())
    if obj is not None and _contains(obj, words):
        return True
    # "provided Ukraine with tanks": the object is the recipient, the goods come with "with"
    return predicate is not None and any(
        _contains(g, words) for c in predicate.children if c.dep_ == "prep" and c.lower_ == "with"
        for g in c.children if g.dep_ == "pobj")


def _counterpart(arguments: _Arguments, obj: Token | None) -> bool:
    """Whether the object is itself someone met or received: "met Putin", "received the envoy", not "met the
    deadline" or "received a decree naming Patino" (an actor inside the object's phrase is not the counterpart)."""
    if obj is None:
        return bool(arguments.target)
    return (obj.pos_ == "PROPN" or obj.lower_ in _PERSONAL_OBJECTS or obj.lemma_.lower() in _AGENTS
            or any(span.start <= obj.i < span.end for span in arguments.target))


def _contains(root: Token, words: frozenset[str]) -> bool:
    """Whether the object's own phrase (its modifiers and "of" phrases, not its clauses) holds one of the words."""
    stack = [root]
    while stack:
        token = stack.pop()
        if token.lemma_.lower() in words or token.lower_ in words:
            return True
        stack.extend(c for c in token.children if c.dep_ not in {"relcl", "acl", "advcl"})
    return False


def _event(
    doc: Doc,
    number: int,
    sense: _Sense,
    arguments: _Arguments,
    predicate: list[Token],
    statements: Sequence[Statement],
    times: Sequence[TimeRef],
    quantities: Sequence[Quantity],
) -> Event:
    token = predicate[0]
    sentence = token.sent
    pieces = [(t.i, t.i + 1) for t in predicate]
    pieces += [(s.start, s.end) for s in (*arguments.source, *arguments.target)]
    if arguments.subject is not None and not arguments.inherited:  # "18 North Korean soldiers"
        pieces.append((arguments.subject.left_edge.i, arguments.subject.i + 1))
    if arguments.object is not None and arguments.object is not token.head:
        pieces.append((arguments.object.left_edge.i, arguments.object.right_edge.i + 1))
    start = max(min(a for a, _ in pieces), sentence.start)
    end = min(max(b for _, b in pieces), sentence.end)
    span = doc[start:end]
    statement = _carrier(token.idx, statements)
    marks = _marks(token)
    if statement is not None and statement.stance in _STANCE_MARKS:
        marks.add(_STANCE_MARKS[statement.stance])
    type_, mode = sense.type, sense.mode
    if type_ == "RETREAT" and "future" in marks:
        type_, mode = "CONCEDE", None  # a promised retreat is a concession (PLOVER manual 3.4), which has no modes
    elif type_ in {"CONSULT", "COOPERATE", "AID"} and "future" in marks:
        # a meeting, cooperation or aid to come is an agreement (PLOVER manual 3.2.1, 3.5.1, 3.6.2), without modes
        type_, mode = "AGREE", None
    date, date_from = _date(token, sentence, times, doc)
    source = _codes(arguments.source)
    source_text = arguments.source[0].text if arguments.source else None
    speaker = statement.source if statement is not None else None
    if not source and arguments.subject is not None and arguments.subject.lower_ in _SPEAKER_PRONOUNS \
            and speaker is not None and speaker.actor is not None and speaker.actor.code:
        source, source_text = (speaker.actor.code,), speaker.text  # "Moscow said it had shot down 20 drones"
    return Event(
        id=f"v{number}",
        type=type_,
        mode=mode,
        source=source,
        target=_codes(arguments.target),
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        date=date,
        date_from=date_from,
        statement=statement.id if statement else None,
        stance=statement.stance if statement else None,
        negated="negated" in marks,
        future="future" in marks,
        hypothetical="hypothetical" in marks,
        source_text=source_text,
        target_text=arguments.target[0].text if arguments.target else None,
        quantities=tuple(q.id for q in quantities if span.start_char <= q.start and q.end <= span.end_char),
    )


def _codes(spans: list[Span]) -> tuple[str, ...]:
    codes: dict[str, None] = {}
    for span in spans:
        actor = span._.actor
        if actor is not None and actor.code:
            codes.setdefault(actor.code, None)
    return tuple(codes)


def _carrier(offset: int, statements: Sequence[Statement]) -> Statement | None:
    """The statement whose content holds the predicate, the narrowest where contents nest."""
    holding = [s for s in statements if s.content.start <= offset < s.content.end]
    return min(holding, key=lambda s: s.content.end - s.content.start, default=None)


def _marks(token: Token) -> set[str]:
    marks: set[str] = set()
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg":
            marks.add("negated")
        elif child.dep_ in {"aux", "auxpass"} and word in _FUTURE_AUXILIARIES:
            marks.add("future")
        elif child.dep_ in {"aux", "auxpass"} and word in _HYPOTHETICAL_AUXILIARIES:
            marks.add("hypothetical")
        elif child.dep_ == "mark" and word in _HYPOTHETICAL_MARKS:
            marks.add("hypothetical")
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _INTENT_WORDS:  # "plans to visit", "is ready to meet"
        marks.add("future")
    return marks


def _date(
    token: Token, sentence: Span, times: Sequence[TimeRef], doc: Doc
) -> tuple[str | None, Literal["time", "published"] | None]:
    dated = [
        t for t in times
        if sentence.start_char <= t.start < sentence.end_char and t.type in {"DATE", "TIME"}
        and t.value is not None and t.value[:4].isdigit()
    ]
    if dated:
        nearest = min(dated, key=lambda t: abs(t.start - token.idx))
        return nearest.value, "time"
    published = doc._.published
    if published is not None:
        return published.isoformat(), "published"
    return None, None

