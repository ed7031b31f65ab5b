//! `sparql`: SPARQL 1.1 queries (SELECT, ASK, CONSTRUCT, DESCRIBE) over
//! the RDF mapping of the records ([`crate::export::rdf`]), held in memory
//! ([`Triples`]) and evaluated by `spareval`; no store, no server.
//!
//! Queries are parsed by `spargebra` with the prefixes of [`prefixes`]
//! declared (a query may declare its own too, or declare one of ours
//! again). A query that cannot be read is a [`SyntaxError`] with the byte
//! it stops at, for the caller to point at.
//!
//! Work is bounded ([`Limits`]): at most `rows` solutions (or triples),
//! at most `timeout` of evaluation and `memory` more bytes (a sort or a
//! product of many rows grows fast), after which the evaluation is
//! cancelled and, if it does not stop by itself within a short grace, left
//! behind on its thread (the answer is an error either way, never a
//! partial result).
//!
//! Order: the engine's order for the same data and query is stable (the
//! triples are held and scanned in [`crate::export::rdf::triples`]' fixed
//! order, and the evaluator hashes with a fixed hasher), and so is each
//! answer's bytes; a query without `ORDER BY` has no other order than that one.
//! Only `RAND()`, `UUID()`, `STRUUID()`, `NOW()` and `BNODE()` give other
//! values from one run to the next.

use std::ops::Range;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use std::convert::Infallible;

use oxrdf::{Term, Triple, Variable};
use rustc_hash::FxHashMap;
use spareval::{
    CancellationToken, InternalQuad, QueryEvaluationError, QueryEvaluator, QueryResults,
    QueryableDataset,
};
use spargebra::{Query, SparqlParser};

use crate::export::interchange::Interchange;
use crate::export::rdf::{self, Base};

/// The default of [`Limits::rows`].
pub const DEFAULT_ROWS: usize = 10_000;

/// The default of [`Limits::timeout`], in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 10;

/// The default of [`Limits::memory`]: 1 GiB.
pub const DEFAULT_MEMORY: u64 = 1 << 30;

/// How long a cancelled evaluation is given to stop by itself.
const GRACE: Duration = Duration::from_millis(500);

/// The prefixes every query has declared: `rg:`, the base's `node:`,
/// `edge:` and `source:`, and the standard ones the export uses, in that
/// order.
pub fn prefixes(base: &Base) -> Vec<(String, String)> {
    let mut out = vec![(
        rdf::PREFIXES[0].0.to_string(),
        rdf::PREFIXES[0].1.to_string(),
    )];
    for what in ["node", "edge", "source"] {
        out.push((what.to_string(), format!("{}{what}/", base.as_str())));
    }
    for (name, iri) in &rdf::PREFIXES[1..] {
        out.push((name.to_string(), iri.to_string()));
    }
    out
}

/// The records' triples, in the default graph, in the order
/// [`crate::export::rdf::triples`] makes them.
pub fn dataset(records: &Interchange, base: &Base) -> Triples {
    let mut triples = Triples::default();
    rdf::for_each_triple(records, base, &mut |triple| triples.insert(triple));
    triples
}

/// Triples held for querying, each term numbered in the order it was
/// first seen, so that every scan gives its triples in the order they
/// were inserted: the same data gives the same order (oxrdf's `Dataset`
/// orders by hashes seeded anew at each run).
#[derive(Debug, Default)]
pub struct Triples {
    terms: Vec<Term>,
    ids: FxHashMap<Term, u32>,
    triples: Vec<[u32; 3]>,
    /// For each term, the triples it is the subject, predicate or object
    /// of, in order.
    by: [FxHashMap<u32, Vec<u32>>; 3],
}

impl Triples {
    fn id(&mut self, term: Term) -> u32 {
        if let Some(id) = self.ids.get(&term) {
            return *id;
        }
        let id = u32::try_from(self.terms.len()).expect("fewer than 4 billion terms");
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        id
    }

    /// Adds a triple (again is a no-op: a graph is a set).
    pub fn insert(&mut self, triple: Triple) {
        let ids = [
            self.id(triple.subject.into()),
            self.id(triple.predicate.into()),
            self.id(triple.object),
        ];
        let known = self.by[0]
            .get(&ids[0])
            .is_some_and(|list| list.iter().any(|t| self.triples[*t as usize] == ids));
        if known {
            return;
        }
        let at = u32::try_from(self.triples.len()).expect("fewer than 4 billion triples");
        self.triples.push(ids);
        for (place, id) in ids.iter().enumerate() {
            self.by[place].entry(*id).or_default().push(at);
        }
    }

    pub fn len(&self) -> usize {
        self.triples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }
}

/// A term as the evaluator holds it: the number of one of the data's, or
/// one the data does not have (from the query, or computed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TermId {
    Known(u32),
    Other(Term),
}

impl<'a> QueryableDataset<'a> for &'a Triples {
    type InternalTerm = TermId;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&TermId>,
        predicate: Option<&TermId>,
        object: Option<&TermId>,
        graph_name: Option<Option<&TermId>>,
    ) -> impl Iterator<Item = Result<InternalQuad<TermId>, Infallible>> + use<'a> {
        let store: &'a Triples = self;
        type Quads<'b> = Box<dyn Iterator<Item = Result<InternalQuad<TermId>, Infallible>> + 'b>;
        let none: Quads<'a> = Box::new(std::iter::empty());
        // Every triple is in the default graph.
        if graph_name != Some(None) {
            return none;
        }
        let mut wanted = [None; 3];
        for (place, term) in [subject, predicate, object].into_iter().enumerate() {
            match term {
                None => {}
                Some(TermId::Known(id)) => wanted[place] = Some(*id),
                // A term the data does not have is in no triple.
                Some(TermId::Other(_)) => return none,
            }
        }
        // Scan the shortest list of a given term, or every triple.
        let list = (0..3)
            .filter_map(|place| {
                let id = wanted[place]?;
                Some(store.by[place].get(&id).map_or(&[][..], Vec::as_slice))
            })
            .min_by_key(|list| list.len());
        let numbers: Box<dyn Iterator<Item = u32> + 'a> = match list {
            Some(list) => Box::new(list.iter().copied()),
            None => Box::new(0..u32::try_from(store.triples.len()).unwrap_or(u32::MAX)),
        };
        Box::new(numbers.filter_map(move |at| {
            let ids = store.triples[at as usize];
            (0..3)
                .all(|place| wanted[place].is_none_or(|id| id == ids[place]))
                .then(|| {
                    Ok(InternalQuad {
                        subject: TermId::Known(ids[0]),
                        predicate: TermId::Known(ids[1]),
                        object: TermId::Known(ids[2]),
                        graph_name: None,
                    })
                })
        }))
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<TermId, Infallible>> + use<'a> {
        std::iter::empty()
    }

    fn contains_internal_graph_name(&self, _: &TermId) -> Result<bool, Infallible> {
        Ok(false)
    }

    fn internalize_term(&self, term: Term) -> Result<TermId, Infallible> {
        Ok(match self.ids.get(&term) {
            Some(id) => TermId::Known(*id),
            None => TermId::Other(term),
        })
    }

    fn externalize_term(&self, term: TermId) -> Result<Term, Infallible> {
        Ok(match term {
            TermId::Known(id) => self.terms[id as usize].clone(),
            TermId::Other(term) => term,
        })
    }
}

/// A query that could not be read: where it stops, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The bytes to point at in the query text (empty at its end).
    pub span: Range<usize>,
    /// 1-based, in characters.
    pub line: usize,
    pub column: usize,
    pub kind: SyntaxErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `name:` used and declared neither by the query nor by us.
    UnknownPrefix(String),
    /// A query that starts with neither SELECT, ASK, CONSTRUCT nor
    /// DESCRIBE (after its PREFIX and BASE lines): the word it starts with.
    Form(String),
    /// An update (`INSERT`, `DELETE`, ...): the data is only read.
    Update(String),
    /// Something the grammar does not allow there.
    Unexpected,
    /// What the parser expected there, in its words (`"{", "}"`).
    Expected(String),
    /// Anything else the parser said.
    Other(String),
}

/// Parses `text` with [`prefixes`] declared.
pub fn parse(text: &str, base: &Base) -> Result<Query, SyntaxError> {
    parser(base).parse_query(text).map_err(|first| {
        // The parser reports the furthest place it reached, which for an
        // unknown prefix or a wrong first word is often past the mistake:
        // those two are looked for first.
        if let Some(error) = prescan(text, base) {
            return error;
        }
        // It matches a keyword by taking as many characters as the keyword
        // has, whatever they are, and reports the place after them; near
        // the end of the text, the end. Read again with room after the
        // end, the place is that of the keyword's start plus its length.
        let padded = format!("{text}{}", " ".repeat(PADDING));
        let message = match parser(base).parse_query(&padded) {
            Err(again) => again.to_string(),
            Ok(_) => first.to_string(),
        };
        syntax_error(text, &padded, &message)
    })
}

/// More than the longest keyword.
const PADDING: usize = 32;

fn parser(base: &Base) -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (name, iri) in prefixes(base) {
        parser = parser
            .with_prefix(name, iri)
            .expect("our prefixes are valid IRIs");
    }
    parser
}

/// What a query's words are, roughly: enough to find its first keyword
/// after the prologue and the prefixes its names use.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// A bare word (`SELECT`, `a`, `true`) or a prefixed name (`rg:tag`).
    Word(&'a str),
    Other,
}

/// The words of `text` with their bytes, skipping strings, IRIs,
/// variables and comments.
fn tokens(text: &str) -> Vec<(Token<'_>, Range<usize>)> {
    let bytes = text.as_bytes();
    let name = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == ':';
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let start = at;
        if c.is_whitespace() {
            at += c.len_utf8();
        } else if c == '#' {
            at = text[at..].find('\n').map_or(text.len(), |i| at + i);
        } else if c == '"' || c == '\'' {
            let long = text[at..].starts_with(&format!("{c}{c}{c}"));
            let close = if long {
                format!("{c}{c}{c}")
            } else {
                c.to_string()
            };
            at += close.len();
            loop {
                match text[at..].find([c, '\\']) {
                    None => {
                        at = text.len();
                        break;
                    }
                    Some(i) if bytes[at + i] == b'\\' => at = (at + i + 2).min(text.len()),
                    Some(i) if text[at + i..].starts_with(&close) => {
                        at += i + close.len();
                        break;
                    }
                    Some(i) => at += i + 1,
                }
            }
            out.push((Token::Other, start..at));
        } else if c == '<' {
            // An IRI runs to `>` without spaces; else it is `<` or `<=`.
            match text[at + 1..].find(|c: char| c == '>' || c.is_whitespace()) {
                Some(i) if bytes[at + 1 + i] == b'>' => at += i + 2,
                _ => at += 1,
            }
            out.push((Token::Other, start..at));
        } else if c == '?' || c == '$' {
            at += 1;
            while let Some(c) = text[at..]
                .chars()
                .next()
                .filter(|c| c.is_alphanumeric() || *c == '_')
            {
                at += c.len_utf8();
            }
            out.push((Token::Other, start..at));
        } else if name(c) {
            while let Some(c) = text[at..]
                .chars()
                .next()
                .filter(|c| name(*c) || *c == '%' || *c == '\\')
            {
                at += c.len_utf8();
            }
            out.push((Token::Word(&text[start..at]), start..at));
        } else {
            at += c.len_utf8();
            out.push((Token::Other, start..at));
        }
    }
    out
}

/// A prefixed name whose prefix neither the query nor [`prefixes`]
/// declares, or a first keyword that is not a query's.
fn prescan(text: &str, base: &Base) -> Option<SyntaxError> {
    let tokens = tokens(text);
    let mut declared: Vec<String> = prefixes(base).into_iter().map(|(n, _)| n).collect();
    let mut first = None;
    let mut i = 0;
    while let Some((token, span)) = tokens.get(i) {
        let Token::Word(word) = token else {
            i += 1;
            continue;
        };
        if word.eq_ignore_ascii_case("PREFIX") {
            if let Some((Token::Word(name), _)) = tokens.get(i + 1) {
                declared.push(name.trim_end_matches(':').to_string());
            }
            i += 2;
            continue;
        }
        if word.eq_ignore_ascii_case("BASE") {
            i += 2;
            continue;
        }
        if first.is_none() {
            first = Some((*word, span.clone()));
        }
        if let Some((prefix, _)) = word.split_once(':')
            && !declared.iter().any(|d| d == prefix)
            && !prefix.starts_with('_')
        {
            let (line, column) = line_column(text, span.start);
            return Some(SyntaxError {
                span: span.clone(),
                line,
                column,
                kind: SyntaxErrorKind::UnknownPrefix(prefix.to_string()),
            });
        }
        i += 1;
    }
    let (word, span) = first?;
    let forms = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"];
    if forms.iter().any(|f| word.eq_ignore_ascii_case(f)) {
        return None;
    }
    let (line, column) = line_column(text, span.start);
    let updates = [
        "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
    ];
    Some(SyntaxError {
        span,
        line,
        column,
        kind: if updates.iter().any(|u| word.eq_ignore_ascii_case(u)) {
            SyntaxErrorKind::Update(word.to_string())
        } else {
            SyntaxErrorKind::Form(word.to_string())
        },
    })
}

/// Reads the parser's `error at LINE:COLUMN: expected ...` back into a
/// place and a reason.
fn syntax_error(text: &str, padded: &str, message: &str) -> SyntaxError {
    let located = message.strip_prefix("error at ").and_then(|rest| {
        let (place, reason) = rest.split_once(": ")?;
        let (line, column) = place.split_once(':')?;
        Some((
            line.parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
            reason,
        ))
    });
    let Some((line, column, reason)) = located else {
        let end = text.len();
        let (line, column) = line_column(text, end);
        return SyntaxError {
            span: end..end,
            line,
            column,
            kind: SyntaxErrorKind::Other(message.to_string()),
        };
    };
    let reported = offset(padded, line, column);
    let Some(expected) = reason.strip_prefix("expected ") else {
        return at(
            text,
            reported.min(text.len()),
            SyntaxErrorKind::Other(reason.to_string()),
        );
    };
    if expected.contains("Prefix not found") {
        // The parser stops after the prefixed name: find its start.
        let (name, span) = prefix_before(text, reported.min(text.len()));
        let (line, column) = line_column(text, span.start);
        return SyntaxError {
            span,
            line,
            column,
            kind: SyntaxErrorKind::UnknownPrefix(name),
        };
    }
    let items: Vec<&str> = expected
        .strip_prefix("one of ")
        .unwrap_or(expected)
        .split(", ")
        .collect();
    let keyword = |item: &&&str| {
        !item.is_empty()
            && item
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let longest = items.iter().filter(keyword).map(|k| k.len()).max();
    match longest {
        // Keywords tried where the mistake is: it is `longest`
        // characters back, and those are only the keywords of that
        // length, not worth listing.
        Some(length) => {
            let start = padded[..reported]
                .char_indices()
                .rev()
                .nth(length - 1)
                .map_or(0, |(i, _)| i);
            at(text, start.min(text.len()), SyntaxErrorKind::Unexpected)
        }
        None => {
            let marks: Vec<&str> = items.iter().copied().filter(|i| *i != "[_]").collect();
            let kind = match marks.len() {
                0 => SyntaxErrorKind::Unexpected,
                1 => SyntaxErrorKind::Expected(marks[0].to_string()),
                _ => SyntaxErrorKind::Expected(format!("one of {}", marks.join(", "))),
            };
            at(text, reported.min(text.len()), kind)
        }
    }
}

/// A syntax error at byte `start`, spanning the word there.
fn at(text: &str, start: usize, kind: SyntaxErrorKind) -> SyntaxError {
    let end = text[start..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| start + i)
        .max(start + text[start..].chars().next().map_or(0, char::len_utf8));
    let (line, column) = line_column(text, start);
    SyntaxError {
        span: start..end.min(text.len()),
        line,
        column,
        kind,
    }
}

/// The byte of 1-based `line` and character `column`, within `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut at = 0;
    for _ in 1..line {
        match text[at..].find('\n') {
            Some(i) => at += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[at..];
    at + rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i)
}

/// 1-based line and character column of byte `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The prefixed name that ends at or around `at`: its prefix, and the
/// bytes of the whole name.
fn prefix_before(text: &str, at: usize) -> (String, Range<usize>) {
    let is_name = |c: char| c.is_alphanumeric() || "_-.:%\\".contains(c);
    // The parser may stop at the name's start or after it.
    let mut end = at;
    while let Some(c) = text[end..].chars().next().filter(|c| is_name(*c)) {
        end += c.len_utf8();
    }
    let mut start = end;
    while let Some(c) = text[..start].chars().next_back().filter(|c| is_name(*c)) {
        start -= c.len_utf8();
    }
    let name = &text[start..end];
    let prefix = name.split(':').next().unwrap_or("").to_string();
    (prefix, start..end)
}

/// How much work a query may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many solutions or triples.
    pub rows: usize,
    /// At most this long.
    pub timeout: Duration,
    /// At most this many more bytes of memory than before it started
    /// (looked at where the system tells: Linux).
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            rows: DEFAULT_ROWS,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECONDS),
            memory: DEFAULT_MEMORY,
        }
    }
}

/// A query's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// SELECT: the variables in order, and each row's value for each
    /// (`None` where unbound).
    Solutions {
        variables: Vec<Variable>,
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT, DESCRIBE: the triples, sorted (a graph has no order).
    Graph(Vec<Triple>),
}

/// Why a query read well but gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    #[error("the query gives more than {0} rows")]
    TooManyRows(usize),
    #[error("the query ran longer than {0:?}")]
    Timeout(Duration),
    #[error("the query needed more than {0} bytes of memory")]
    Memory(u64),
    #[error("the query cannot be evaluated: {0}")]
    Engine(String),
}

/// Evaluates `query` over `dataset`, on its own thread, within `limits`.
pub fn evaluate(query: Query, dataset: Triples, limits: Limits) -> Result<Answer, EvaluationError> {
    let token = CancellationToken::new();
    let (send, receive) = mpsc::channel();
    let cancel = token.clone();
    std::thread::Builder::new()
        .name("sparql".into())
        .spawn(move || {
            let answer = run(&query, &dataset, limits.rows, cancel);
            let _ = send.send(answer);
        })
        .map_err(|e| EvaluationError::Engine(e.to_string()))?;
    let started = Instant::now();
    let before = resident_bytes();
    loop {
        let left = limits.timeout.saturating_sub(started.elapsed());
        match receive.recv_timeout(left.min(WATCH)) {
            Ok(answer) => return answer,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(EvaluationError::Engine(
                    "the evaluation stopped without an answer".into(),
                ));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let grown = match (before, resident_bytes()) {
            (Some(before), Some(now)) => now.saturating_sub(before),
            _ => 0,
        };
        let stop = if grown > limits.memory {
            Some(EvaluationError::Memory(limits.memory))
        } else if started.elapsed() >= limits.timeout {
            Some(EvaluationError::Timeout(limits.timeout))
        } else {
            None
        };
        if let Some(error) = stop {
            token.cancel();
            // Let a cancelled evaluation stop cleanly; one in a loop that
            // does not look at the token (a sort, a product) is left to end
            // with the process, which the caller ends next.
            let _ = receive.recv_timeout(GRACE);
            return Err(error);
        }
    }
}

/// How often the evaluation's time and memory are looked at.
const WATCH: Duration = Duration::from_millis(50);

/// The process's resident memory, where the system says (Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn run(
    query: &Query,
    dataset: &Triples,
    rows: usize,
    token: CancellationToken,
) -> Result<Answer, EvaluationError> {
    let evaluator = QueryEvaluator::new().with_cancellation_token(token);
    let engine = |e: QueryEvaluationError| match e {
        QueryEvaluationError::Cancelled => EvaluationError::Timeout(Duration::ZERO),
        other => EvaluationError::Engine(other.to_string()),
    };
    match evaluator.prepare(query).execute(dataset).map_err(engine)? {
        QueryResults::Boolean(value) => Ok(Answer::Boolean(value)),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut out = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(engine)?;
                if out.len() == rows {
                    return Err(EvaluationError::TooManyRows(rows));
                }
                out.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            Ok(Answer::Solutions {
                variables,
                rows: out,
            })
        }
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                if out.len() == rows {
                    return Err(EvaluationError::TooManyRows(rows));
                }
                out.push(triple.map_err(engine)?);
            }
            out.sort_by_cached_key(|t: &Triple| {
                (
                    t.subject.to_string(),
                    t.predicate.to_string(),
                    t.object.to_string(),
                )
            });
            out.dedup();
            Ok(Answer::Graph(out))
        }
    }
}
