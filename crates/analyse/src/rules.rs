//! The analysis rules as named data: lexicons of numbers, hedges, count
//! nouns, weapons, event triggers, speech verbs and background markers.
//! Keeping them here (trafilatura's `xpaths.py` is the model) lets a reader
//! see and extend what the analyser knows without reading its code.

/// Words that hedge a number ("at least 66").
pub const HEDGES: &[&str] = &[
    "at least", "at most", "more than", "over", "about", "around", "roughly", "nearly", "almost", "some", "up to",
    "an estimated", "approximately", "fewer than", "less than", "close to", "as many as", "upwards of", "just over",
    "just under", "around about", "an", "approx",
];

/// Words that end the noun phrase after a number.
pub const NP_STOP: &[&str] = &[
    "hit", "hits", "fell", "fall", "were", "was", "are", "is", "be", "been", "have", "has", "had", "landed", "struck",
    "targeted", "targeting", "aimed", "fired", "launched", "killed", "wounded", "injured", "in", "at", "on", "by", "of",
    "for", "from", "near", "to", "with", "that", "who", "which", "since", "across", "during", "as", "but", "than",
    "into", "after", "before", "said", "says", "the", "a", "an", "this", "these", "those", "their", "its", "his", "her",
    "against", "over", "under", "inside", "outside", "while", "when", "where", "it", "they", "he", "she", "we", "you",
    "i", "not", "no", "dead", "ago", "later", "earlier",
];

/// Nouns that numbers in news count and that matter to incident fields.
pub const COUNT_NOUNS: &[&str] = &[
    "rocket", "rockets", "missile", "missiles", "drone", "drones", "salvo", "salvos", "salvoes", "mortar", "mortars",
    "shell", "shells", "bomb", "bombs", "grenade", "grenades", "shot", "shots", "strike", "strikes", "airstrike",
    "airstrikes", "attack", "attacks", "explosion", "explosions", "blast", "blasts", "people", "person", "persons",
    "civilian", "civilians", "soldier", "soldiers", "troop", "troops", "personnel", "police", "policemen", "officer",
    "officers", "child", "children", "woman", "women", "man", "men", "death", "deaths", "casualty", "casualties",
    "victim", "victims", "hostage", "hostages", "militant", "militants", "fighter", "fighters", "worker", "workers",
    "contractor", "contractors", "member", "members", "protester", "protesters", "student", "students", "time", "times",
    "vehicle", "vehicles", "building", "buildings", "house", "houses", "home", "homes", "passenger", "passengers",
    "resident", "residents", "guard", "guards", "employee", "employees", "staff",
];

/// Whether `w` is a noun in [`COUNT_NOUNS`].
pub fn is_count_noun(w: &str) -> bool {
    COUNT_NOUNS.contains(&w)
}

/// English singular of a plural noun, good enough for count nouns.
pub fn singular(w: &str) -> String {
    match w {
        "people" | "personnel" | "police" | "staff" => return w.to_string(),
        "men" => return "man".into(),
        "women" => return "woman".into(),
        "children" => return "child".into(),
        "policemen" => return "policeman".into(),
        "salvoes" | "salvos" => return "salvo".into(),
        "casualties" => return "casualty".into(),
        _ => {}
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() > 2 {
            return format!("{stem}y");
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.len() <= 3 {
        return w.to_string();
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// Value of a spelled number word below a hundred.
pub fn small_number(w: &str) -> Option<f64> {
    let v = match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(v as f64)
}

/// Value of a multiplier word ("thousand", "m", "bn").
pub fn multiplier(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 100.0,
        "thousand" | "k" => 1e3,
        "million" | "m" | "mln" => 1e6,
        "billion" | "bn" => 1e9,
        _ => return None,
    })
}

/// Ordinal words ("first", "third").
pub fn ordinal_word(w: &str) -> Option<f64> {
    let v = match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        _ => return None,
    };
    Some(v as f64)
}

/// Vague quantities: (a representative value, approximate?).
pub fn vague_quantity(w: &str) -> Option<(f64, bool)> {
    Some(match w {
        "dozens" => (24.0, true),
        "dozen" => (12.0, false),
        "scores" => (40.0, true),
        "hundreds" => (200.0, true),
        "thousands" => (2000.0, true),
        "tens" => (20.0, true),
        _ => return None,
    })
}

/// Weapon words and their normalised form.
pub const WEAPONS: &[(&str, &str)] = &[
    ("rocket", "rocket"),
    ("rockets", "rocket"),
    ("katyusha", "rocket"),
    ("missile", "missile"),
    ("missiles", "missile"),
    ("drone", "drone"),
    ("drones", "drone"),
    ("mortar", "mortar"),
    ("mortars", "mortar"),
    ("shell", "artillery"),
    ("shells", "artillery"),
    ("shelling", "artillery"),
    ("artillery", "artillery"),
    ("bomb", "bomb"),
    ("bombs", "bomb"),
    ("car bomb", "car bomb"),
    ("explosive", "explosive"),
    ("explosives", "explosive"),
    ("dynamite", "explosive"),
    ("ied", "ied"),
    ("ieds", "ied"),
    ("grenade", "grenade"),
    ("grenades", "grenade"),
    ("gun", "firearm"),
    ("guns", "firearm"),
    ("gunfire", "firearm"),
    ("rifle", "firearm"),
    ("rifles", "firearm"),
    ("machine gun", "firearm"),
    ("machineguns", "firearm"),
    ("pistol", "firearm"),
    ("knife", "knife"),
    ("airstrike", "airstrike"),
    ("airstrikes", "airstrike"),
    ("air strike", "airstrike"),
    ("suicide vest", "suicide vest"),
    ("landmine", "landmine"),
    ("mine", "landmine"),
];

/// Counted things that are weapons (their counts become `<thing>_count`).
pub const WEAPON_COUNT_UNITS: &[&str] = &["rocket", "missile", "drone", "mortar", "shell", "salvo", "bomb", "grenade"];

/// Words that mark a sentence about the reported attack itself.
pub const ATTACK_TRIGGERS: &[&str] = &[
    "attack", "attacked", "attacks", "fired", "launched", "hit", "struck", "strike", "exploded", "explosion",
    "explosions", "blast", "bombing", "shelling", "targeted", "targeting", "landed", "fell", "killed", "wounded",
    "injured", "shot", "shooting", "assault", "ambush", "sirens", "rockets", "rocket", "missiles", "drone",
];

/// Words that mark a sentence as an aggregate over many events: its
/// numbers are tallies, not facts of one incident.
pub const AGGREGATE_MARKERS: &[&str] = &[
    "in total", "so far", "to date", "tally", "since the start", "since the war", "over the past", "in recent weeks",
    "in recent months", "this year", "last year", "altogether", "cumulative", "overall", "in all",
];

/// Verbs that introduce reported speech.
pub const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "stated", "announced", "confirmed", "reported", "noted", "explained", "insisted",
    "warned", "tweeted", "wrote", "declared", "denied", "asserted", "indicated",
];

/// Head nouns of speakers ("an embassy spokesman", "a US official").
pub const SPEAKER_HEADS: &[&str] = &[
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "embassy", "mission",
    "ministry", "minister", "police", "army", "military", "government", "statement", "witness", "witnesses",
    "diplomat", "correspondent", "correspondents", "agency", "office", "pentagon", "department", "commander", "chief",
    "president", "resident", "residents", "officer", "officers", "spokespeople", "representative", "authorities",
    "group", "militia", "command", "coalition", "council", "media", "reports", "doctor", "doctors", "medics",
];

/// Nouns of attacked buildings and places (physical targets).
pub const TARGET_NOUNS: &[&str] = &[
    "embassy", "base", "compound", "consulate", "building", "headquarters", "office", "offices", "airport", "station",
    "checkpoint", "convoy", "vehicle", "bus", "market", "mosque", "church", "school", "hospital", "bank", "hotel",
    "bridge", "pipeline", "tower", "barracks", "camp", "residence", "house", "home", "plant", "facility", "facilities",
    "complex", "mission", "post", "substation", "court", "ministry",
];

/// Phrases that make a sentence's figures generic rather than the event's.
pub const GENERIC_PLURALS: &[&str] = &[
    "these attacks", "such attacks", "those attacks", "repeated attacks", "regular attacks", "flurry of", "series of",
    "wave of", "string of", "spate of", "most of them", "many of them", "all of them", "have been attacked",
];
