//! The analysis stage: one plain text in, its sentences, time expressions,
//! numbers, places, and field claims (with speakers) out.
//!
//! Entry type: [`Analyser`]. Every offset it returns counts characters
//! (code points) into the text it was given.
//!
//! ```
//! use consilience_analyse::{Analyser, places::Gazetteer};
//! let gazetteer = Gazetteer::empty();
//! let analysis = Analyser::new(&gazetteer).analyse("Two rockets hit the embassy, a spokesman said.", None);
//! let count = analysis.claims.iter().find(|c| c.field == "rocket_count").unwrap();
//! assert_eq!(count.normalized, 2.0);
//! assert_eq!(count.speaker.as_deref(), Some("a spokesman"));
//! ```
#![warn(missing_docs)]

mod claims;
mod event;
pub mod numbers;
pub mod places;
mod roles;
pub mod rules;
pub mod sentences;
mod speakers;
pub mod times;
pub mod tokens;

use consilience_core::text::CharIndex;
use consilience_core::{Analysis, DateFacets, Span};
use places::Gazetteer;

/// Analyses plain texts against one gazetteer.
pub struct Analyser<'g> {
    gazetteer: &'g Gazetteer,
}

/// One sentence and what the analysers found in it (indices into the
/// [`Analysis`] vectors, byte ranges into the text).
pub(crate) struct SentenceCtx<'t> {
    pub index: usize,
    pub start_b: usize,
    pub end_b: usize,
    pub tokens: Vec<tokens::Token<'t>>,
    pub lower: String,
    pub times: Vec<usize>,
    pub numbers: Vec<usize>,
    pub places: Vec<usize>,
    pub speaker: Option<String>,
    /// A "since …" or period frame: the sentence sets background.
    pub framed: bool,
    /// Tallies, war history and the like.
    pub aggregate: bool,
    /// The sentence's own date (non-framing expressions), if any.
    pub date: DateFacets,
    /// Mentions an attack, weapon or casualties.
    pub eventful: bool,
    /// Speaks of attacks in general ("such attacks", "a flurry of").
    pub generic: bool,
}

impl<'g> Analyser<'g> {
    /// An analyser resolving places in `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Analyser { gazetteer }
    }

    /// Analyses `text`, resolving relative dates against `published`.
    pub fn analyse(&self, text: &str, published: Option<jiff::civil::Date>) -> Analysis {
        let idx = CharIndex::new(text);
        let sentences = sentences::split_sentences(text);
        let times = times::find_times(text, published);
        let time_bytes: Vec<(usize, usize)> =
            times.iter().map(|t| (idx.byte_at(t.span.start), idx.byte_at(t.span.end))).collect();
        let numbers = numbers::find_numbers(text, &time_bytes);
        let places = places::find_places(text, self.gazetteer);

        let mut ctxs = Vec::with_capacity(sentences.len());
        let mut earlier_speakers: Vec<String> = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            let (sb, eb) = (idx.byte_at(s.start), idx.byte_at(s.end));
            let slice = &text[sb..eb];
            let mut toks = tokens::tokenize(slice);
            for t in &mut toks {
                t.start += sb;
                t.end += sb;
            }
            let toks: Vec<tokens::Token> = toks
                .into_iter()
                .map(|t| tokens::Token { text: &text[t.start..t.end], start: t.start, end: t.end })
                .collect();
            let inside = |span: Span| s.contains(span);
            let speaker = speakers::sentence_speaker(text, &toks).map(|sp| {
                let resolved = speakers::resolve(&sp, &earlier_speakers);
                earlier_speakers.push(resolved.clone());
                resolved
            });
            ctxs.push(SentenceCtx {
                index: i,
                start_b: sb,
                end_b: eb,
                lower: slice.to_lowercase(),
                tokens: toks,
                times: (0..times.len()).filter(|&t| inside(times[t].span)).collect(),
                numbers: (0..numbers.len()).filter(|&n| inside(numbers[n].span)).collect(),
                // a demonym ("Iraqi") is in `places` for geoparsing but no place of an event
                places: (0..places.len())
                    .filter(|&p| inside(places[p].span) && places[p].feature != "demonym")
                    .collect(),
                speaker,
                framed: false,
                aggregate: false,
                date: DateFacets::default(),
                eventful: false,
                generic: false,
            });
        }
        for ctx in &mut ctxs {
            event::classify_sentence(ctx, &times);
        }
        let summary = event::summarise(text, &ctxs, &times, &places, published);
        let mut claims = claims::find_claims(text, &idx, &ctxs, &times, &numbers, &places, &summary, published);
        let roles = roles::find_role_claims(text, &idx, &ctxs, &mut claims);
        for mut role in roles {
            // Actors and targets of another event are background too.
            let c = &ctxs[role.sentence];
            // Actors of a war's history ("the war began with an attack by
            // a militant group") are not the event's.
            role.background |= event::tells_war_history(&c.lower);
            role.other_event = claims::sentence_background(c, &summary, &places).0;
            claims.push(role);
        }
        // Weapons and attackers in unattributed first- or second-person copy
        // ("our forces used rocket launchers", "you murderers") are a side's
        // own account of combat or rhetoric, not an attack the report tells.
        for c in claims.iter_mut().filter(|c| matches!(c.field.as_str(), "weapon" | "perpetrator_individual")) {
            let ctx = &ctxs[c.sentence];
            if ctx.speaker.is_none() && first_or_second_person(ctx) {
                c.background = true;
            }
        }
        // The roles of a sentence that tells of an accident ("the spaniards
        // killed in the accident") belong to no attack.
        for c in claims.iter_mut().filter(|c| {
            matches!(
                c.field.as_str(),
                "perpetrator_individual" | "perpetrator_organization" | "target_physical" | "target_human" | "weapon"
            )
        }) {
            if ctxs[c.sentence].tokens.iter().any(|t| matches!(t.lower().as_str(), "accident" | "accidents")) {
                c.background = true;
            }
        }
        // Buildings and vehicles named beside soldiers, military units or a
        // clash are the scene of combat or a military post (see
        // `MILITARY_PRESENCE`, `COMBAT_NOUNS`).
        for c in claims.iter_mut().filter(|c| c.field == "target_physical") {
            if ctxs[c.sentence].tokens.iter().any(|t| {
                let w = t.lower();
                rules::MILITARY_PRESENCE.contains(&w.as_str()) || rules::COMBAT_NOUNS.contains(&w.as_str())
            }) {
                c.background = true;
            }
        }
        // A vehicle inside a weapon's phrase is the weapon's kind, not a
        // target: the "car" of "a car bomb exploded".
        let mut weapon_spans: std::collections::HashMap<usize, Vec<Span>> = std::collections::HashMap::new();
        for c in claims.iter().filter(|c| c.field == "weapon") {
            weapon_spans.entry(c.sentence).or_default().push(c.span);
        }
        for c in claims.iter_mut().filter(|c| c.field == "target_physical") {
            let inside = weapon_spans
                .get(&c.sentence)
                .is_some_and(|ws| ws.iter().any(|w| w.start <= c.span.start && c.span.end <= w.end));
            if inside {
                c.background = true;
            }
        }
        // The doers and arms of an attack on soldiers or a military post
        // ("the rebels ambushed an army patrol", "two soldiers were killed")
        // fought a clash, not an attack on civilians.
        // Asked once per sentence, however many claims it holds.
        let mut military: std::collections::HashMap<usize, bool> = std::collections::HashMap::new();
        for c in claims
            .iter_mut()
            .filter(|c| matches!(c.field.as_str(), "perpetrator_individual" | "perpetrator_organization" | "weapon"))
        {
            if !c.background && *military.entry(c.sentence).or_insert_with(|| attacks_military(&ctxs[c.sentence])) {
                c.background = true;
            }
        }
        // A group named where the report finds no other role of an attack
        // (no doer, person or thing hit, weapon) is named in a statement,
        // in politics or in a war's course, not as the doer of an attack told here.
        let attack_told = claims.iter().any(|c| {
            !c.background
                && matches!(c.field.as_str(), "perpetrator_individual" | "target_human" | "target_physical" | "weapon")
        });
        // A building or vehicle named where the report finds no doer, no
        // person hit and no weapon is mostly damage of another kind (a crash,
        // a fire, a war's course), not the target of an attack told here.
        let doer_or_harm_told = claims.iter().any(|c| {
            !c.background
                && matches!(
                    c.field.as_str(),
                    "perpetrator_individual" | "perpetrator_organization" | "target_human" | "weapon"
                )
        });
        if !attack_told {
            for c in claims.iter_mut().filter(|c| c.field == "perpetrator_organization") {
                c.background = true;
            }
        }
        if !doer_or_harm_told {
            for c in claims.iter_mut().filter(|c| c.field == "target_physical") {
                c.background = true;
            }
        }
        // Ammunition and fire ("bullets", "gunfire") tell that shots were
        // fired, which counts above as an attack told, but they name no arm:
        // they are not reported as the weapon.
        for c in claims.iter_mut().filter(|c| c.field == "weapon") {
            if is_ammunition_or_fire(&c.value) {
                c.background = true;
            }
        }
        // A home or seat named bare ("the residence", "the embassy") is
        // somebody's, and the word alone names no particular target: the
        // report's own words for it carry the owner ("the residence of the
        // minister"), so the bare word is not reported.
        for c in claims.iter_mut().filter(|c| c.field == "target_physical") {
            if is_bare_seat(&c.value) {
                c.background = true;
            }
        }
        // A doer named only as "people" or "members" (of nothing said) tells
        // that somebody acted, which counts above, but names nobody: the
        // group, if the report names it, is its own claim.
        for c in claims.iter_mut().filter(|c| c.field == "perpetrator_individual") {
            if matches!(c.value.to_lowercase().as_str(), "people" | "members") {
                c.background = true;
            }
        }
        Analysis { sentences, times, numbers, places, claims, event: summary }
    }
}

/// Whether a sentence tells of an attack on soldiers or a military post:
/// a combat verb with a military object within five words ("ambushed an
/// army patrol"), or soldiers as the subject of a passive of harm
/// ("three soldiers were killed").
fn attacks_military(c: &SentenceCtx) -> bool {
    let words: Vec<String> = c.tokens.iter().filter(|t| t.is_word()).map(|t| t.lower()).collect();
    let military = |w: &str| rules::MILITARY_PRESENCE.contains(&w) || matches!(w, "posts" | "positions");
    (0..words.len()).any(|i| {
        let w = words[i].as_str();
        let n = words.len();
        rules::COMBAT_VERBS.contains(&w) && words[i + 1..n.min(i + 6)].iter().any(|x| military(x))
            || military(w)
                && words[i + 1..n.min(i + 4)].iter().any(|x| x == "were")
                && words[i + 1..n.min(i + 6)].iter().any(|x| matches!(x.as_str(), "killed" | "wounded" | "injured"))
    })
}

/// Whether a target is one bare word for a home or seat of somebody
/// ("home", "residence", "offices", "embassy").
fn is_bare_seat(value: &str) -> bool {
    matches!(
        value.to_lowercase().as_str(),
        "home" | "house" | "residence" | "office" | "offices" | "headquarters" | "embassy"
    )
}

/// Whether a weapon's words name ammunition or fire, not an arm
/// ("bullets", "a bullet", "heavy gunfire").
fn is_ammunition_or_fire(value: &str) -> bool {
    value
        .split_whitespace()
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "bullet" | "bullets" | "gunfire"))
}

/// Whether a sentence speaks in the first or second person ("we", "our", "you").
fn first_or_second_person(c: &SentenceCtx) -> bool {
    c.tokens.iter().any(|t| matches!(t.lower().as_str(), "i" | "we" | "our" | "you" | "your" | "my"))
}
