//! Boilerplate heuristics as named data, shared by the HTML and plain-text paths.
//!
//! Each rule is a page-kind heuristic (share rows, comment forms, credit
//! lines, teasers…), never a rule for one site or one story. A paragraph that
//! matches a [`LINE_RULES`] pattern in full is dropped; a paragraph matching a
//! [`TERMINATORS`] pattern ends the story when it sits in the back part of a
//! page (what follows is comments, related stories or site furniture).

use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// One boilerplate pattern: a name (for tests and debugging) and a regex that
/// must match the whole paragraph (case-insensitive, anchored by the engine).
#[derive(Debug, Clone, Copy)]
pub struct LineRule {
    /// What kind of boilerplate it is.
    pub name: &'static str,
    /// Regex over the whole, whitespace-normalised paragraph.
    pub pattern: &'static str,
    /// Longest paragraph (in bytes) the rule applies to.
    pub max_len: usize,
}

/// Whole-paragraph boilerplate patterns.
pub static LINE_RULES: &[LineRule] = &[
    LineRule {
        name: "share-row",
        pattern: r"(?:share(?: (?:this|the))?(?: (?:article|story|post|page|on))?|share via|shares?|tweet|pin it|email|e-mail|print(?: this)?(?: article| page)?|copy link|link copied|sharing is caring)\s*[:!]?",
        max_len: 400,
    },
    LineRule { name: "share-count", pattern: r"\d[\d,.]*k?\s*(?:shares?|views?|comments?)", max_len: 400 },
    LineRule {
        name: "social-networks",
        pattern: concat!(
            r"(?:(?:share|follow us)(?: on)?\s*:?\s*)?",
            r"(?:facebook|twitter|x|pinterest|linkedin|whatsapp|telegram|reddit|e-?mail|instagram|youtube|tumblr|messenger|flipboard|vk|viber|pocket|mix|threads|bluesky|mastodon|tiktok|snapchat|google\+?|print|copy(?: link)?|link|sms|share|tweet|comments?|save|gmail|outlook|yahoo mail)",
            r"(?:[\s,|/•·]+(?:facebook|twitter|x|pinterest|linkedin|whatsapp|telegram|reddit|e-?mail|instagram|youtube|tumblr|messenger|flipboard|vk|viber|pocket|mix|threads|bluesky|mastodon|tiktok|snapchat|google\+?|print|copy(?: link)?|link|sms|share|tweet|comments?|save|gmail|outlook|yahoo mail))*"
        ),
        max_len: 400,
    },
    LineRule { name: "hashtags", pattern: r"(?:#[\p{L}\p{N}_]+[\s,]*)+", max_len: 400 },
    LineRule {
        name: "comment-form",
        pattern: r"(?:leave a (?:reply|comment)|post a comment|add (?:a )?comment|cancel reply|post (?:a )?comment\s*(?:\(\+\))?|submit comment|\d* ?comments?|no comments(?: yet)?|be the first to comment.*|join the (?:conversation|discussion).*|show comments|view comments|comments? \(\d+\))\.?",
        max_len: 400,
    },
    LineRule {
        name: "comment-form-email",
        pattern: r"your email address will not be published\..*|required fields are marked.*|save my name, email,? and website.*|you must be logged in to post a comment.*|comments are (?:closed|moderated).*",
        max_len: 400,
    },
    LineRule { name: "spam-filter", pattern: r".{0,40}\bakismet\b.*", max_len: 250 },
    LineRule { name: "end-mark", pattern: r"(?:-+ ?)?(?:\(?end\)?|ends|###|\*\*\*|-30-)\.?(?: ?-+)?", max_len: 400 },
    LineRule {
        name: "source-link",
        pattern: r"(?:source link|source|read the original article|original article|via)\s*:?",
        max_len: 400,
    },
    LineRule {
        name: "related-heading",
        pattern: r"(?:related(?: articles| posts| stories| news| content| coverage| topics| links| reading)?|more (?:from|on|about|stories|news|in)\b.{0,40}|you (?:may|might) also (?:like|be interested in)|recommended(?: for you| stories| articles)?|most (?:read|popular|viewed)|trending(?: now| stories)?|read next|what to read next|further reading|latest (?:news|stories|articles)|top stories|editor'?s picks?|don'?t miss|also on .{0,30})\s*:?\s*(?:\.\.\.|…)?",
        max_len: 400,
    },
    LineRule {
        name: "back-to-top",
        pattern: r"(?:back to top(?: button)?|scroll to top|go to top|top of page|skip to (?:the )?(?:main )?content|skip to navigation)",
        max_len: 400,
    },
    LineRule {
        name: "see-also-teaser",
        pattern: r"(?:(?:see also|read also|also read|read more|see more|also see|click here|must read|read the full (?:story|article)|continue reading|more on this|more about this)\b|(?:more|related|read next|watch|listen|recommended|suggested|trending|popular|latest|in pictures|explainer)\s*[:|]).*",
        max_len: 400,
    },
    LineRule {
        name: "gallery",
        pattern: r"(?:image|photo|picture|slide)s?\s*\d+\s*(?:of|/)\s*/?\s*\d+|caption|close|expand|enlarge|hide caption|toggle caption|fullscreen|full screen|view (?:gallery|slideshow|photos?)|\d+ photos?|gallery|slideshow|previous|next|prev|play video|replay|loading\.*|this (?:slideshow|video|content|gallery) requires javascript\.?|.{0,40}(?:enable|requires?) javascript.{0,80}",
        max_len: 400,
    },
    LineRule {
        name: "image-credit",
        pattern: r"\((?:image|photo|picture|video|credit|source|pic)s?(?: credit)?\s*:.*\)|(?:image|photo) (?:source|credit)s?\s*:.*",
        max_len: 400,
    },
    LineRule {
        name: "contact-line",
        pattern: r".*\b(?:follow (?:him|her|them|us|me) (?:on|at|@)|may be reached|can be reached|reach (?:the )?(?:reporters?|writers?|authors?|him|her|them) (?:on|at|via)|email (?:\w+ ){0,3}at \S+@|reach (?:him|her|them) at|follow @\w+|on twitter @\w+|@\w+ on twitter).*",
        max_len: 300,
    },
    LineRule {
        name: "byline",
        pattern: r"(?-i:(?:By|BY|by)\s+\p{Lu}[\p{L}.'’\-]*(?:\s+(?:\p{Lu}[\p{L}.'’\-]*|and|&|de|van|von|der|al|,))*)(?:\s*[|,\-–—]\s*.{0,80})?",
        max_len: 400,
    },
    LineRule {
        name: "credit-line",
        pattern: r"\(?(?:(?:additional )?report(?:ing|ed)?|writing|written|editing|edited|compiled|translated|translation|produced|production|graphics?|photos?)(?: and (?:writing|editing|reporting))? by [^.]{2,}(?:[;,] ?(?:(?:additional )?report(?:ing)?|writing|editing|edited|compiled|graphics|and)(?: by)? [^.]{2,})*\)?\.?",
        max_len: 400,
    },
    LineRule {
        name: "author-bio",
        pattern: r"(?-i:\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]+){1,3}) (?:is|was) (?:a|an|the) (?:[\w\-]+ ){0,5}(?:reporter|writer|correspondent|editor|journalist|contributor|columnist|producer|freelancer|intern|author)\b.*",
        max_len: 250,
    },
    LineRule {
        name: "contributed",
        pattern: r".*\bcontributed (?:to )?(?:this|the) (?:report|story|article|reporting)\.?",
        max_len: 400,
    },
    LineRule {
        name: "affiliate-disclosure",
        pattern: r".*\b(?:may|might|could|will) (?:earn|receive|get|collect) (?:an? )?(?:small )?(?:share of (?:sales|revenue)|(?:affiliate )?commissions?).*|.*\bcontains? affiliate links?.*",
        max_len: 400,
    },
    LineRule {
        name: "document-copyright",
        pattern: r"this (?:document|article|material|content|story) (?:is subject to|is protected by|may not be).*|citation\s*:.*\bretrieved\b.*",
        max_len: 400,
    },
    LineRule {
        name: "standards",
        pattern: r"our standards\s*:.*|.{0,30}trust principles\.?|get (?:license|licensing|reprint|republishing) rights.*|(?:all rights reserved|copyright|©|\(c\)).*|.*all rights reserved\.?",
        max_len: 400,
    },
    LineRule {
        name: "cookies",
        pattern: r"(?:this|our) (?:web)?site uses cookies.*|we use cookies.*|by (?:continuing to use|using) (?:this|our) (?:web)?site.*|(?:accept|allow|manage) (?:all )?cookies.*|cookie (?:policy|settings|preferences).*",
        max_len: 400,
    },
    LineRule {
        name: "newsletter",
        pattern: r"(?:sign up|subscribe|register)(?: now| today| here)?(?: for| to)? (?:our |the |a )?(?:free )?(?:\w+ ){0,3}(?:newsletters?|alerts|updates|briefing|digest)\b.*|(?:get|receive) (?:the )?(?:latest|best|top).{0,80}(?:in(?:to)? your inbox|newsletter).*|.*delivered (?:straight |directly )?to your inbox.{0,80}|.*\b(?:sign up|subscribe)\b.*\bnewsletters?\b.*|newsletters?|subscribe(?: now| today)?!?|already a subscriber\?.*|sign in|log in|sign up|enter your email.*|.*\binbox\b.*|.{0,60}\bsuccessfully subscribed\b.{0,60}|.{0,60}\bproblem subscribing\b.*|subscribe (?:to|now|today)\b.*",
        max_len: 250,
    },
    LineRule {
        name: "follow-us",
        pattern: r"(?:follow|like) (?:us|@?\w+) on .*|follow @\w+.*|download (?:the|our) (?:\w+ )?app.*|(?:join|subscribe to) (?:our|us on) (?:whatsapp|telegram|youtube).*",
        max_len: 400,
    },
    LineRule {
        name: "advertisement",
        pattern: r"(?:advertisement|advertising|advert|sponsored(?: content)?|ad|ads by \w+|story continues below(?: advertisement)?|continue reading (?:below|the main story)|article continues (?:below|after (?:this )?advertisement)|scroll to continue.*)\s*[:.]?",
        max_len: 400,
    },
    LineRule {
        name: "caption-with-credit",
        pattern: r".{10,}\((?:[^()]{0,80}\b(?:photo|image|picture|pic|foto)s?\b[^()]{0,120}|[^()]{0,80}(?:getty images|shutterstock|ap photo|afp|reuters|epa|efe|xinhua|alamy|pa images?|bloomberg)[^()]{0,80})\)\.?",
        max_len: 700,
    },
    LineRule {
        name: "caption-credit",
        pattern: r"(?:photo|image|picture|photograph|video|file photo|credit|photo credit|image credit|source: getty images|illustration)s?\s*(?:\(.{0,40}\))?\s*:.*|\(?(?:photo|image) by .{2,80}\)?|.*\b(?:getty images|shutterstock|reuters/\w+[^.]*|afp via getty|ap photo/[^)]{0,60})\)?\.?",
        max_len: 400,
    },
    LineRule {
        name: "breadcrumb",
        pattern: r"(?:home|news|start)\s*[>/»›|]\s*(?:[^>/»›|.]{1,40}\s*[>/»›|]\s*)*[^>/»›|.]{1,60}",
        max_len: 400,
    },
    LineRule {
        name: "tag-list",
        pattern: r"(?:tags?|topics?)|(?:tags?|topics?|filed under|categories|category|keywords|related topics|posted in)\s*:.*",
        max_len: 400,
    },
    LineRule { name: "video-title", pattern: r"(?:video|watch|photos|gallery|listen|audio)\s*:.*", max_len: 400 },
    LineRule {
        name: "timestamp",
        pattern: r"[|•·\-–\s]*(?:published|updated|posted|last updated|first published|modified)(?: on| at)?\s*:?\s*.{0,60}\d.{0,40}",
        max_len: 400,
    },
    LineRule {
        name: "reading-time",
        pattern: r"\d+\s*(?:min(?:ute)?s?)(?: read| reading time)?|reading time\s*:?.{0,20}|listen to (?:this|the) article.{0,40}|\d+:\d\d",
        max_len: 400,
    },
    LineRule { name: "bare-punctuation", pattern: r"[\p{P}\p{S}\s]*", max_len: 400 },
    // The same kinds of furniture in the other languages most news is written
    // in (Spanish, Portuguese, French, German, Italian, Dutch, Russian, Polish,
    // Turkish, Indonesian): labels that make up a whole paragraph, never a
    // phrase that could open a sentence of the story.
    LineRule {
        name: "share-row",
        pattern: concat!(
            r"(?:compartir|compartilhe|compartilhar|partilhar|partager|teilen|condividi|delen|поделиться|",
            r"udostępnij|paylaş|bagikan|imprimir|imprimer|drucken|stampa|печать)",
            r"(?: (?:en|no|na|sur|auf|su|op|в|w|di|este artículo|esta notícia|cet article|artikel|articolo))?\s*[:!]?",
        ),
        max_len: 400,
    },
    LineRule {
        name: "comment-form",
        pattern: concat!(
            r"(?:\d+ )?(?:comentarios?|comentários?|commentaires?|kommentare?|commenti|commento|reacties|",
            r"комментари[йяи]|komentarz[ey]?|yorumlar|komentar)|",
            r"(?:deja|dejar|deixe|deixar|laisser|laissez|lascia|schreiben sie|оставить|оставьте|добавить) ",
            r"(?:un |um |uma |une |einen |ein |una )?(?:comentario|comentário|commentaire|kommentar|commento|комментарий|respuesta|resposta|réponse|risposta)",
        ),
        max_len: 400,
    },
    LineRule {
        name: "related-heading",
        pattern: concat!(
            r"(?:(?:noticias|artículos|notas) relacionad[ao]s|(?:notícias|matérias) relacionadas|",
            r"(?:articles|sujets) (?:similaires|liés|associés)|sur le même sujet|ähnliche (?:artikel|beiträge)|",
            r"(?:articoli|notizie) correlat[ie]|gerelateerde (?:artikelen|berichten)|похожие (?:новости|статьи|материалы)|",
            r"по теме|другие новости|(?:te|le) puede (?:interesar|gustar)|también te puede interesar|",
            r"(?:você|vc) (?:pode|também pode) gostar|das könnte sie (?:auch )?interessieren|mehr zum thema|",
            r"(?:ti )?potrebbe (?:anche )?interessare|lo más (?:leído|visto)|(?:as )?mais (?:lidas|vistas)|",
            r"les plus (?:lus|consultés)|meistgelesen|i più letti|самое (?:читаемое|популярное))\s*:?",
        ),
        max_len: 400,
    },
    LineRule {
        name: "see-also-teaser",
        pattern: concat!(
            r"(?:lee (?:también|más)|leer más|ver (?:también|más)|leia (?:também|mais)|veja (?:também|mais)|saiba mais|",
            r"lire (?:aussi|la suite|plus)|à lire aussi|voir aussi|en savoir plus|weiterlesen|mehr lesen|lesen sie auch|",
            r"auch interessant|leggi (?:anche|di più|tutto)|continua a leggere|lees (?:ook|meer)|читайте (?:также|далее)|",
            r"читать (?:далее|полностью)|подробнее|czytaj (?:też|także|więcej)|devamını oku|baca juga)(?:\s*[:.»›→…|—–-]\s*.*)?",
        ),
        max_len: 400,
    },
    LineRule {
        name: "newsletter",
        pattern: concat!(
            r"(?:suscríbete|suscribirse|suscríbase|assine|inscreva-se|abonnez-vous|inscrivez-vous|abonnieren sie|",
            r"iscriviti|abonneer|подпишитесь|подписаться|zapisz się|abone ol)(?:[\s:.,!].*)?",
        ),
        max_len: 250,
    },
    LineRule {
        name: "advertisement",
        pattern: r"(?:publicidad|publicidade|publicité|anzeige|werbung|pubblicità|advertentie|реклама|reklama|iklan)",
        max_len: 400,
    },
    LineRule {
        name: "tag-list",
        pattern: concat!(
            r"(?:etiquetas|temas|tópicos|mots-clés|thèmes|schlagworte|schlagwörter|themen|argomenti|trefwoorden|",
            r"теги|метки|темы|tagi|tematy|etiketler|konular|topik)(?:\s*:.*)?",
        ),
        max_len: 400,
    },
    LineRule {
        name: "standards",
        pattern: concat!(
            r".*(?:todos los derechos reservados|todos os direitos reservados|tous droits réservés|",
            r"alle rechte vorbehalten|tutti i diritti riservati|alle rechten voorbehouden|все права защищены|",
            r"wszelkie prawa zastrzeżone|tüm hakları saklıdır|hak cipta dilindungi).*",
        ),
        max_len: 400,
    },
    LineRule {
        name: "caption-credit",
        pattern: r"(?:foto|fotos|imagen|imagem|bild|immagine|фото|fotografia|fotografía)\s*:.*",
        max_len: 400,
    },
    LineRule {
        name: "timestamp",
        pattern: concat!(
            r"[|•·\-–\s]*(?:publicado|actualizado|atualizado|publié|mis à jour|veröffentlicht|aktualisiert|",
            r"pubblicato|aggiornato|gepubliceerd|bijgewerkt|опубликовано|обновлено|opublikowano|yayınlanma|diperbarui)",
            r"(?: (?:el|em|le|am|il|op|в|w|pada))?\s*:?\s*.{0,60}\d.{0,40}",
        ),
        max_len: 100,
    },
    LineRule {
        name: "reading-time",
        pattern: r"\d+\s*(?:min(?:uto|uten|uti|ute)?s?\.?)\s*(?:de lectura|de leitura|de lecture|lesezeit|di lettura|leestijd|чтения|okuma)",
        max_len: 400,
    },
    LineRule {
        name: "share-count",
        pattern: concat!(
            r"(?:\d[\d,.]*k?\s*)?(?:visualizaciones|lecturas|visualizações|leituras|vues|lectures|aufrufe|",
            r"letture|visualizzazioni|weergaven|просмотр(?:ов|а)?|wyświetle[ńn]|görüntülenme|dilihat)",
        ),
        max_len: 400,
    },
    LineRule {
        name: "comment-policy",
        pattern: concat!(
            r".*(?:comments?|comentários?|comentarios?|commentaires?|kommentare?|commenti|reacties|комментари[йяиюе]?)",
            r"(?:[\s.,;:!?)]|$).*(?:moderat|modera[çc]|aprovad|aprobad|approv|freigeschaltet|модер).*",
        ),
        max_len: 200,
    },
    LineRule {
        name: "meta-line",
        pattern: r".*[-|•·]\s*(?:tags?|categor(?:y|ies|ia|ía|ie|ias|ías)|etiquetas|schlagworte)\s*:.*",
        max_len: 250,
    },
    LineRule {
        name: "review-form",
        pattern: r"(?:добавить|оставить) (?:отзыв|комментарий)|(?:add|write|leave) a review|escribir (?:una )?opinión|deixe (?:sua|uma) avaliação",
        max_len: 400,
    },
    LineRule {
        name: "back-to-top",
        pattern: r"(?:volver arriba|ir arriba|voltar ao topo|retour en haut(?: de (?:la )?page)?|nach oben|torna su|naar boven|наверх)",
        max_len: 400,
    },
    LineRule {
        name: "cookies",
        pattern: concat!(
            r"(?:(?:este sitio|este site|ce site|diese (?:web)?seite|questo sito) utiliza?|utilizamos|usamos|",
            r"nous utilisons des|wir verwenden|utilizziamo i|мы используем) (?:cookies?|файлы cookie).*",
        ),
        max_len: 400,
    },
];

/// Paragraphs that end the story when they sit in its back part: what
/// follows is comments, related stories or site furniture.
pub static TERMINATORS: &[LineRule] = &[
    LineRule {
        name: "comment-form",
        pattern: r"(?:leave a (?:reply|comment)|\d+ (?:comments|responses|replies)|comments|post a comment|add (?:a )?comment|discussion|join the conversation)\.?",
        max_len: 400,
    },
    LineRule {
        name: "related-heading",
        pattern: r"(?:related(?: articles| posts| stories| news| content| coverage)|more (?:stories|news|articles)(?: from .{0,40})?|you (?:may|might) also (?:like|be interested in)|recommended(?: for you| stories| articles)?|most (?:read|popular|viewed)|read next|what to read next|latest (?:news|stories|articles)|top stories|editor'?s picks?|tags|topics)\s*:?\s*(?:\.\.\.|…)?",
        max_len: 400,
    },
    LineRule {
        name: "stories-heading",
        pattern: r"(?:more|top|most|related|latest|popular|recommended|trending|other|similar|further|great)\b.{0,40}\b(?:stories|articles|posts|news|reads?|videos|links)(?: (?:in|on|from|for) .{0,30})?\s*:?",
        max_len: 400,
    },
    LineRule { name: "end-mark", pattern: r"(?:-+ ?)?(?:\(?end\)?|###|-30-)\.?(?: ?-+)?", max_len: 400 },
    LineRule { name: "source-link", pattern: r"source link", max_len: 400 },
    // The same headings in the other languages of the line rules above.
    LineRule {
        name: "comment-form",
        pattern: concat!(
            r"(?:\d+ )?(?:comentarios|comentários|commentaires|kommentare|commenti|reacties|комментарии|komentarze|yorumlar)|",
            r"(?:deja|deixe|laissez|lascia|оставьте) (?:un |um |uma |une |una )?(?:comentario|comentário|commentaire|commento|комментарий)",
        ),
        max_len: 400,
    },
    LineRule {
        name: "related-heading",
        pattern: concat!(
            r"(?:(?:noticias|artículos) relacionad[ao]s|(?:notícias|matérias) relacionadas|articles similaires|",
            r"sur le même sujet|ähnliche artikel|mehr zum thema|(?:articoli|notizie) correlat[ie]|",
            r"gerelateerde artikelen|похожие (?:новости|статьи)|другие новости|(?:te|le) puede interesar|",
            r"(?:você|vc) (?:pode|também pode) gostar|das könnte sie (?:auch )?interessieren|",
            r"(?:ti )?potrebbe (?:anche )?interessare)\s*:?",
        ),
        max_len: 400,
    },
    LineRule {
        name: "stories-heading",
        pattern: concat!(
            r"(?:самые популярные|самое популярное|популярное|los más populares|lo más popular|(?:os )?mais populares|",
            r"les plus populaires|am beliebtesten|i più popolari|meest populair)(?:\s.{0,40})?\s*:?",
        ),
        max_len: 80,
    },
];

/// A rule's pattern as matched: whole paragraph, case-insensitive, with
/// ASCII word boundaries (they keep matching on the fast DFA engines for any text).
fn anchored(rule: &LineRule) -> String {
    format!(r"(?i)^(?:{})$", rule.pattern.replace(r"\b", r"(?-u:\b)"))
}

/// All rules of a list in one automaton: one pass over a paragraph says
/// which rules match, instead of one pass per rule.
fn compile_set(rules: &[LineRule]) -> RegexSet {
    regex::RegexSetBuilder::new(rules.iter().map(anchored))
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .expect("rule regex set")
}

static LINE_SET: LazyLock<RegexSet> = LazyLock::new(|| compile_set(LINE_RULES));
static TERM_SET: LazyLock<RegexSet> = LazyLock::new(|| compile_set(TERMINATORS));

/// The first rule (in list order) within its length limit that matches `p` in full.
fn first_match(rules: &'static [LineRule], set: &RegexSet, p: &str) -> Option<&'static str> {
    if !rules.iter().any(|r| p.len() <= r.max_len) {
        return None;
    }
    // Most paragraphs match nothing: a plain search stops as soon as that is
    // known, where the search for every matching rule runs on.
    if !set.is_match(p) {
        return None;
    }
    set.matches(p).into_iter().map(|i| &rules[i]).find(|r| p.len() <= r.max_len).map(|r| r.name)
}

/// The name of the first boilerplate rule the paragraph matches in full, if any.
pub fn boilerplate(par: &str) -> Option<&'static str> {
    first_match(LINE_RULES, &LINE_SET, par.trim())
}

/// Whether the paragraph is a heading that ends the story (comments, related stories).
pub fn terminator(par: &str) -> Option<&'static str> {
    let p = par.trim();
    if p.len() > 80 {
        return None;
    }
    first_match(TERMINATORS, &TERM_SET, p)
}

/// Class / id fragments of HTML elements that hold no story text.
pub static NON_STORY_CLASSES: &[&str] = &[
    "share",
    "sharing",
    "social",
    "sociable",
    "related",
    "newsletter",
    "subscribe",
    "signup",
    "sign-up",
    "promo",
    "advert",
    "ad-container",
    "ad-slot",
    "adslot",
    "ad-wrapper",
    "ad_wrapper",
    "sponsor",
    "caption",
    "credit",
    "breadcrumb",
    "tags",
    "tag-list",
    "taglist",
    "topics",
    "comment",
    "disqus",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "published",
    "meta-date",
    "post-meta",
    "article-meta",
    "entry-meta",
    "toolbar",
    "print",
    "recirc",
    "more-stories",
    "read-more",
    "readmore",
    "see-also",
    "also-read",
    "outbrain",
    "taboola",
    "cookie",
    "consent",
    "paywall",
    "inline-cta",
    "cta",
    "hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "video-player",
    "embed-title",
    "figure-info",
    "image-info",
    "photo-credit",
    "copyright",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
    "modal",
    "tooltip",
    "popup",
    "hovercard",
    "popover",
    "standfirst",
    "dek",
    "subtitle",
    "sub-title",
    "strapline",
    "excerpt",
    "kicker",
    "teaser",
];

static CLASS_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = NON_STORY_CLASSES.iter().map(|c| regex::escape(c)).collect();
    // A class token containing a fragment at a word boundary (`-`, `_`, start or end).
    Regex::new(&format!(r"(?i)(?:^|[\s_\-])(?:{})(?:$|[\s_\-]|s\b)", alts.join("|"))).unwrap()
});

/// Whether an element's class or id marks it as non-story furniture.
pub fn non_story_class(class_and_id: &str) -> bool {
    if class_and_id.is_empty() {
        return false;
    }
    // camelCase becomes kebab-case so "newsCaption" reads as "news-Caption".
    let mut s = String::with_capacity(class_and_id.len() + 8);
    let mut prev_lower = false;
    for c in class_and_id.chars() {
        if c.is_uppercase() && prev_lower {
            s.push('-');
        }
        prev_lower = c.is_lowercase();
        s.push(c);
    }
    CLASS_RE.is_match(&s)
}

/// Prefixes of video / photo lines that repeat the title ("VIDEO: <title>").
pub static MEDIA_PREFIXES: &[&str] = &["video", "watch", "photos", "gallery", "audio", "listen"];

/// Words that a dateline's parenthesised agency may be.
pub static AGENCIES: &[(&str, &str)] = &[
    ("reuters", "Reuters"),
    ("afp", "AFP"),
    ("ap", "AP"),
    ("xinhua", "Xinhua"),
    ("upi", "UPI"),
    ("dpa", "dpa"),
    ("efe", "EFE"),
    ("ani", "ANI"),
    ("pti", "PTI"),
    ("ians", "IANS"),
    ("anadolu", "Anadolu"),
    ("aa", "Anadolu"),
    ("tass", "TASS"),
    ("ria", "RIA"),
    ("kyodo", "Kyodo"),
    ("yonhap", "Yonhap"),
    ("bernama", "Bernama"),
    ("ansa", "ANSA"),
    ("cnn", "CNN"),
    ("bloomberg", "Bloomberg"),
    ("wafa", "WAFA"),
    ("ina", "INA"),
    ("irna", "IRNA"),
    ("app", "APP"),
    ("sputnik", "Sputnik"),
];

/// Canonical agency name for a dateline parenthesis, if it names a known agency.
pub fn agency(name: &str) -> Option<&'static str> {
    let n = name.trim().trim_end_matches('.').to_lowercase().replace('.', "");
    AGENCIES.iter().find(|(k, _)| *k == n).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_compile_and_match() {
        for (line, rule) in [
            ("Share:", "share-row"),
            ("Facebook Twitter Pinterest LinkedIn", "social-networks"),
            ("#Missiles #fired #embassy #Iraq", "hashtags"),
            ("Leave a Reply", "comment-form"),
            ("Your email address will not be published. Required fields are marked *", "comment-form-email"),
            ("This site uses Akismet to reduce spam. Learn how your comment data is processed.", "spam-filter"),
            ("END.", "end-mark"),
            ("Source link", "source-link"),
            ("Related Articles", "related-heading"),
            ("Back to top button", "back-to-top"),
            ("See also Driver arrested after truck crashes", "see-also-teaser"),
            ("Reporting by Jane Doe; Editing by John Roe and Ann Poe", "credit-line"),
            ("Our Standards: The Trust Principles.", "standards"),
            ("This website uses cookies.", "cookies"),
            ("Sign up for our daily newsletter", "newsletter"),
            ("Tags: Iraq, USA", "tag-list"),
            ("Home > World > Middle East", "breadcrumb"),
            ("Advertisement", "advertisement"),
            ("Compartir en:", "share-row"),
            ("Deixe um comentário", "comment-form"),
            ("12 Kommentare", "comment-form"),
            ("Notícias relacionadas", "related-heading"),
            ("Das könnte Sie auch interessieren", "related-heading"),
            ("Lire aussi : Le gouvernement annonce un plan", "see-also-teaser"),
            ("Читайте также: Новые санкции", "see-also-teaser"),
            ("Suscríbete a nuestro boletín", "newsletter"),
            ("Publicidad", "advertisement"),
            ("Schlagworte: Berlin, Polizei", "tag-list"),
            ("© 2019 Diario Ejemplo. Todos los derechos reservados.", "standards"),
            ("Foto: Agência Exemplo", "caption-credit"),
            ("Publié le 19 novembre 2019 à 10h30", "timestamp"),
            ("Aktualisiert am 19.11.2019, 10:30 Uhr", "timestamp"),
            ("5 min de lectura", "reading-time"),
            ("Nach oben", "back-to-top"),
            ("Utilizamos cookies para mejorar su experiencia.", "cookies"),
            ("letture", "share-count"),
            ("ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.", "comment-policy"),
            ("05/10/2018 - Publicado por: Ana Lima - Categoria: Saúde - Tags: saúde", "meta-line"),
            ("Добавить отзыв", "review-form"),
        ] {
            assert_eq!(boilerplate(line), Some(rule), "{line}");
        }
    }

    #[test]
    fn story_lines_survive() {
        for line in [
            "No one has yet claimed responsibility.",
            "Almost 80 attacks",
            "The embassy said in a statement that it was safe.",
            "Two rockets hit the U.S. embassy in Baghdad on Friday morning, but there were no casualties.",
            "Share prices fell sharply on Monday after the announcement.",
            "He was reporting by phone from the scene.",
            "Los comentarios del ministro provocaron una ola de críticas en el Congreso.",
            "Publicado originalmente en 1998, el informe fue actualizado por el gobierno.",
            "Die Polizei teilte mit, dass die Werbung für das Konzert gestoppt wurde.",
            "Подробнее о происшествии рассказал представитель полиции.",
            "Temas como la seguridad y la economía dominaron el debate.",
            "1 Kyle Busch 5040 5 1 17 27",
            "The commenters were moderated by the site, the lawsuit says, and several were approved later by a panel that met weekly in the capital.",
        ] {
            assert_eq!(boilerplate(line), None, "{line}");
        }
    }

    #[test]
    fn classes() {
        assert!(non_story_class("article-share-bar"));
        assert!(non_story_class("related_posts"));
        assert!(non_story_class("wp-caption-text"));
        assert!(!non_story_class("article-body"));
        assert!(!non_story_class("shared-content"));
        assert!(!non_story_class(""));
        assert!(non_story_class("newsCaption"));
    }

    #[test]
    fn agencies() {
        assert_eq!(agency("Reuters"), Some("Reuters"));
        assert_eq!(agency("A.F.P."), Some("AFP"));
        assert_eq!(agency("Nobody"), None);
    }
}
