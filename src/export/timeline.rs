//! The timeline picture, laid out here once for an A4 page width and drawn
//! alike by both engines: as SVG by the embedded engine, and as DOT with
//! every element pinned (`pos="x,y!"`, drawn by Graphviz's `neato -n2`).
//!
//! Time runs left to right along a labelled axis (days, months or years as
//! the span needs). Each actor or regulation that takes part has a lane, a
//! band across the page headed by its name. A fact on a day is a dot, a
//! fact known only to the month or the year a pale bar over that month or
//! year (its precision shows), a period a solid bar; planned milestones are
//! hollow. Each mark is labelled with its date as written and one short
//! sentence in the shared wording ([`crate::words`]); the facts of one lane
//! on one date share one mark and one label. Labels sit beside their mark
//! (right, or left near the page's edge) and marks that would collide take
//! the next row of their lane, so nothing is drawn over anything else.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use petgraph::stable_graph::NodeIndex;

use super::style::{edge_style, ink};
use crate::graph::KnowledgeGraph;
use crate::model::{NodeKind, Precision, When};
use crate::query::{Entry, Fact};
use crate::words;

/// The page: 7.5 in wide, an A4 or US Letter page less its margins.
pub const WIDTH: f64 = 540.0;
const MARGIN: f64 = 8.0;
const LANE_LABEL_WIDTH: f64 = 112.0;
const AXIS_START: f64 = MARGIN + LANE_LABEL_WIDTH + 14.0;
const AXIS_END: f64 = WIDTH - 86.0;
const TITLE_SIZE: f64 = 13.0;
const TEXT_SIZE: f64 = 7.5;
const LANE_SIZE: f64 = 8.5;
const LINE: f64 = 9.5;
const ROW_GAP: f64 = 4.0;
const MARK: f64 = 7.0;
/// Text width per character, as a share of the font size: wider than
/// Helvetica's ordinary text and as wide as DejaVu Sans' (which Graphviz
/// draws with where Helvetica is missing), so that estimates do not fall
/// short.
const CHAR_WIDTH: f64 = 0.6;

/// Where a text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// What the timeline is drawn with, in points from the top left.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        fill: String,
        stroke: Option<String>,
        dashed: bool,
        tooltip: String,
        url: Option<String>,
    },
    Circle {
        x: f64,
        y: f64,
        radius: f64,
        fill: String,
        stroke: String,
        tooltip: String,
        url: Option<String>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: String,
        width: f64,
    },
    Text {
        x: f64,
        /// The baseline of the first line.
        y: f64,
        lines: Vec<String>,
        size: f64,
        anchor: Anchor,
        color: String,
        bold: bool,
    },
}

/// A laid-out timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    /// How many facts it shows.
    pub facts: usize,
}

/// The estimated width of a line of text.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_WIDTH
}

/// `text` wrapped to lines no wider than `width` points (a word longer
/// than that is cut).
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let columns = ((width / (size * CHAR_WIDTH)).floor() as usize).max(8);
    let options = textwrap::Options::new(columns)
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

/// A colour mixed with white: `share` of the colour (opaque, so every SVG
/// reader shows it the same).
fn tint(hex: &str, share: f64) -> String {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0) as f64;
        (c * share + 255.0 * (1.0 - share)).round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", channel(1), channel(3), channel(5))
}

/// Where a mark's label goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Right,
    Left,
    Below,
}

/// The narrowest column a label is wrapped into beside its mark.
const WIDE: f64 = 150.0;

/// One labelled mark: the facts of one lane on one date.
struct Group {
    when: When,
    start: Date,
    end: Date,
    sentences: Vec<String>,
    tooltips: Vec<String>,
    url: Option<String>,
    color: &'static str,
    planned: bool,
}

/// A lane: an actor's, or the one shared by dated events and programmes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lane {
    Actor(NodeIndex),
    Events,
}

/// The lane a fact is drawn in: the actor that acts (an edge's source), the
/// regulation of a milestone; dated events and programmes share one lane
/// (their actors' lanes say who announced or hosted them).
fn lane_of(graph: &KnowledgeGraph, fact: Fact, actor: Option<NodeIndex>) -> Lane {
    match fact {
        Fact::Node(n) if Some(n) == actor => Lane::Actor(n),
        Fact::Node(_) => Lane::Events,
        Fact::Milestone(n, _) => Lane::Actor(n),
        Fact::Edge(e) => Lane::Actor(graph.ends(e).0),
    }
}

/// The first source URL a picture may link to (`http:`/`https:` only,
/// see [`super::link`]).
fn first_url(graph: &KnowledgeGraph, sources: &[String]) -> Option<String> {
    sources
        .iter()
        .filter_map(|id| graph.source(id))
        .filter_map(|s| s.url.as_deref())
        .find_map(super::link::http_link)
}

/// The last day a fact is drawn to: a period's end (an open period runs to
/// `open_end`), else the last day of its date.
fn last_day(when: &When, open_end: Date) -> Date {
    match when {
        When::On(date) => date.last_day(),
        When::During(period) => match period.end {
            Some(end) => end.last_day(),
            None => open_end.max(period.start.last_day()),
        },
    }
}

fn group_of(graph: &KnowledgeGraph, entry: &Entry, open_end: Date) -> Group {
    let (sentence, tooltip, color, planned) = match entry.fact {
        Fact::Node(n) => {
            let node = graph.node(n);
            let tooltip = format!(
                "{}\nsources: {}",
                words::node(node),
                node.sources.join(", ")
            );
            (node.name.clone(), tooltip, node_color(node.kind), false)
        }
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            let edge = graph.edge(e);
            let sentence = words::sentence(graph.node(from), edge, graph.node(to));
            let mut tooltip = sentence.clone();
            if let Some(when) = edge.when() {
                tooltip.push_str(&format!(" ({when})"));
            }
            tooltip.push_str(&format!("\nsources: {}", edge.sources.join(", ")));
            (sentence, tooltip, edge_style(edge.kind).color, false)
        }
        Fact::Milestone(n, m) => {
            let node = graph.node(n);
            let milestone = &node.milestones[m];
            let tooltip = format!(
                "{}\n{}\nsources: {}",
                words::milestone(node, milestone, true),
                milestone.date,
                milestone.sources.join(", ")
            );
            (
                words::milestone_sentence(node, milestone),
                tooltip,
                ink::WINE,
                !milestone.actual,
            )
        }
    };
    Group {
        when: entry.when,
        start: entry.when.start().first_day(),
        end: last_day(&entry.when, open_end),
        sentences: vec![sentence],
        tooltips: vec![tooltip],
        url: first_url(graph, entry.sources(graph)),
        color,
        planned,
    }
}

/// The colour a dated node's own mark is drawn in: its kind's, darkened.
fn node_color(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Conference | NodeKind::Announcement | NodeKind::Negotiation => ink::PURPLE,
        NodeKind::Programme | NodeKind::Fund | NodeKind::FundingRound => ink::GREEN,
        _ => ink::INDIGO,
    }
}

/// The axis: the days it spans, and its ticks (day, label).
struct Axis {
    first: Date,
    last: Date,
}

impl Axis {
    fn x(&self, day: Date) -> f64 {
        let span = (self.last - self.first).get_days().max(1) as f64 + 1.0;
        let offset = (day - self.first).get_days() as f64;
        AXIS_START + (AXIS_END - AXIS_START) * offset.clamp(0.0, span) / span
    }

    /// Ticks as many as fit: days, months (every 1, 2, 3 or 6) or years.
    fn ticks(&self) -> Vec<(Date, String)> {
        let days = (self.last - self.first).get_days() as i64 + 1;
        let room = ((AXIS_END - AXIS_START) / 46.0).floor().max(2.0) as i64;
        let mut ticks = Vec::new();
        if days <= 62 {
            let step = (days / room + 1).max(1);
            let mut day = self.first;
            while day <= self.last {
                ticks.push((day, day.strftime("%-d %b").to_string()));
                day = day.saturating_add((step as i32).days());
            }
        } else if days <= 366 * 3 {
            let months = days / 30 + 1;
            let step = [1, 2, 3, 6, 12]
                .into_iter()
                .find(|s| months / s < room)
                .unwrap_or(12);
            let mut month = self.first.first_of_month();
            while month <= self.last {
                if (month.month() as i64 - 1) % step == 0 {
                    let label = if month.month() == 1 || ticks.is_empty() {
                        month.strftime("%b %Y").to_string()
                    } else {
                        month.strftime("%b").to_string()
                    };
                    ticks.push((month, label));
                }
                month = month.saturating_add(1.month());
            }
        } else {
            let years = (self.last.year() - self.first.year()) as i64 + 1;
            let step = [1, 2, 5, 10, 20, 50, 100]
                .into_iter()
                .find(|s| years / s < room)
                .unwrap_or(100);
            let mut year = self.first.year();
            while year <= self.last.year() {
                if year as i64 % step == 0
                    && let Ok(day) = Date::new(year, 1, 1)
                    && day >= self.first
                {
                    ticks.push((day, year.to_string()));
                }
                year += 1;
            }
        }
        ticks
    }
}

/// The axis of a set of facts: from the first day of the earliest to the
/// last day of the latest, widened to whole months or years.
fn axis(groups: &[Group]) -> Axis {
    let first = groups.iter().map(|g| g.start).min().expect("not empty");
    let last = groups.iter().map(|g| g.end).max().expect("not empty");
    let days = (last - first).get_days();
    if days <= 62 {
        Axis { first, last }
    } else if days <= 366 * 3 {
        Axis {
            first: first.first_of_month(),
            last: last.last_of_month(),
        }
    } else {
        Axis {
            first: first.first_of_year(),
            last: last.last_of_year(),
        }
    }
}

/// What a timeline shows: whose facts, over which days.
#[derive(Debug, Clone, Copy, Default)]
pub struct View {
    /// The one actor whose facts these are, if any: its own dated facts
    /// are in its lane.
    pub actor: Option<NodeIndex>,
    /// The first and last day of the axis (else the facts' own span):
    /// what runs beyond is cut at the axis' ends.
    pub since: Option<Date>,
    pub until: Option<Date>,
}

/// Lays out `entries` (in date order, as [`crate::query::timeline`] gives
/// them) as a timeline titled `title`.
pub fn chart(graph: &KnowledgeGraph, entries: &[Entry], title: &str, view: View) -> Chart {
    let mut items = Vec::new();
    let title_lines = wrap(title, WIDTH - 2.0 * MARGIN, TITLE_SIZE);
    let mut y = MARGIN + TITLE_SIZE;
    items.push(Item::Text {
        x: WIDTH / 2.0,
        y,
        lines: title_lines.clone(),
        size: TITLE_SIZE,
        anchor: Anchor::Middle,
        color: "#000000".into(),
        bold: false,
    });
    y += (title_lines.len() as f64 - 1.0) * TITLE_SIZE * 1.25 + 10.0;
    if entries.is_empty() {
        items.push(Item::Text {
            x: WIDTH / 2.0,
            y: y + LINE * 2.0,
            lines: vec!["No dated facts in this selection.".into()],
            size: LANE_SIZE,
            anchor: Anchor::Middle,
            color: ink::GREY.into(),
            bold: false,
        });
        return Chart {
            title: title.to_string(),
            width: WIDTH,
            height: y + LINE * 4.0,
            items,
            facts: 0,
        };
    }
    // Open periods run to the latest day anything else reaches.
    let open_end = entries
        .iter()
        .map(|e| match e.when {
            When::During(p) => p.end.unwrap_or(p.start).last_day(),
            When::On(d) => d.last_day(),
        })
        .max()
        .expect("not empty");
    // Lanes in order of their first fact; one group per lane and date.
    let mut lanes: Vec<(Lane, Vec<Group>)> = Vec::new();
    let mut lane_at: BTreeMap<Lane, usize> = BTreeMap::new();
    for entry in entries {
        let lane = lane_of(graph, entry.fact, view.actor);
        let at = *lane_at.entry(lane).or_insert_with(|| {
            lanes.push((lane, Vec::new()));
            lanes.len() - 1
        });
        let group = group_of(graph, entry, open_end);
        let groups = &mut lanes[at].1;
        match groups.iter_mut().find(|g| g.when == group.when) {
            Some(same) => {
                same.sentences.extend(group.sentences);
                same.tooltips.extend(group.tooltips);
                same.planned &= group.planned;
                same.url = same.url.take().or(group.url);
            }
            None => groups.push(group),
        }
    }
    let all: Vec<&Group> = lanes.iter().flat_map(|(_, g)| g).collect();
    let mut axis = axis(
        &all.iter()
            .map(|g| Group {
                when: g.when,
                start: g.start,
                end: g.end,
                sentences: vec![],
                tooltips: vec![],
                url: None,
                color: g.color,
                planned: false,
            })
            .collect::<Vec<_>>(),
    );
    if let Some(since) = view.since {
        axis.first = since;
    }
    if let Some(until) = view.until {
        axis.last = until.max(axis.first);
    }
    // The axis' labels, and the tick lines drawn once the height is known.
    let ticks = axis.ticks();
    let axis_y = y + 6.0;
    for (day, label) in &ticks {
        items.push(Item::Text {
            x: axis.x(*day),
            y: axis_y,
            lines: vec![label.clone()],
            size: TEXT_SIZE,
            anchor: Anchor::Middle,
            color: ink::GREY.into(),
            bold: false,
        });
    }
    y = axis_y + 6.0;
    let chart_top = y;
    let tick_at = items.len();
    let mut body = Vec::new();
    let mut facts = 0;
    for (number, (lane, groups)) in lanes.iter().enumerate() {
        let name = match lane {
            Lane::Actor(n) => graph.node(*n).name.as_str(),
            Lane::Events => "Events and programmes",
        };
        let lane_top = y;
        let name_lines = wrap(name, LANE_LABEL_WIDTH, LANE_SIZE);
        // Rows of marks: each row's right-most used x.
        let mut rows: Vec<f64> = Vec::new();
        let mut row_heights: Vec<f64> = Vec::new();
        let mut placed = Vec::new();
        for group in groups {
            facts += group.sentences.len();
            let x0 = axis.x(group.start);
            let x1 = axis
                .x(group.end.tomorrow().unwrap_or(group.end))
                .max(x0 + MARK);
            let text = format!("{}: {}", group.when, group.sentences.join("; "));
            let right_room = WIDTH - MARGIN - (x1 + 4.0);
            let left_room = x0 - 4.0 - AXIS_START + 10.0;
            let below_room = WIDTH - MARGIN - x0;
            let wanted = text_width(&text, TEXT_SIZE);
            // Beside the mark where the words fit on a line or in a
            // column of a good width; else under the mark (a long bar).
            let side = if wanted <= right_room {
                Side::Right
            } else if wanted <= left_room {
                Side::Left
            } else if right_room >= WIDE && right_room >= left_room {
                Side::Right
            } else if left_room >= WIDE {
                Side::Left
            } else {
                Side::Below
            };
            let room = match side {
                Side::Right => right_room,
                Side::Left => left_room,
                Side::Below => below_room,
            };
            let lines = wrap(&text, room, TEXT_SIZE);
            let width = lines
                .iter()
                .map(|l| text_width(l, TEXT_SIZE))
                .fold(0.0, f64::max);
            let (left, right) = match side {
                Side::Right => (x0, x1 + 4.0 + width),
                Side::Left => (x0 - 4.0 - width, x1),
                Side::Below => (x0, x1.max(x0 + width)),
            };
            let row = match rows.iter().position(|&edge| edge + 6.0 <= left) {
                Some(row) => row,
                None => {
                    rows.push(f64::NEG_INFINITY);
                    row_heights.push(0.0);
                    rows.len() - 1
                }
            };
            rows[row] = right;
            let mut height = lines.len() as f64 * LINE;
            if side == Side::Below {
                height += LINE;
            }
            row_heights[row] = row_heights[row].max(height);
            placed.push((group, row, x0, x1, side, lines));
        }
        let mut row_tops = Vec::new();
        let mut top = lane_top + ROW_GAP;
        for height in &row_heights {
            row_tops.push(top);
            top += height + ROW_GAP;
        }
        let lane_height = (top - lane_top).max(name_lines.len() as f64 * LINE + 2.0 * ROW_GAP);
        if number % 2 == 0 {
            body.push(Item::Rect {
                x: MARGIN,
                y: lane_top,
                width: WIDTH - 2.0 * MARGIN,
                height: lane_height,
                fill: "#f4f4f4".into(),
                stroke: None,
                dashed: false,
                tooltip: name.to_string(),
                url: None,
            });
        }
        body.push(Item::Text {
            x: MARGIN + 4.0,
            y: lane_top + ROW_GAP + LANE_SIZE,
            lines: name_lines,
            size: LANE_SIZE,
            anchor: Anchor::Start,
            color: "#000000".into(),
            bold: true,
        });
        for (group, row, x0, x1, side, lines) in placed {
            let top = row_tops[row];
            let mid = top + LINE / 2.0;
            let tooltip = group.tooltips.join("\n\n");
            let color = group.color.to_string();
            match (&group.when, group.when.start().precision()) {
                (When::On(_), Precision::Day) => body.push(Item::Circle {
                    x: (x0 + x1) / 2.0,
                    y: mid,
                    radius: MARK / 2.0,
                    fill: if group.planned {
                        "#ffffff".into()
                    } else {
                        color.clone()
                    },
                    stroke: color.clone(),
                    tooltip,
                    url: group.url.clone(),
                }),
                (When::On(_), _) => body.push(Item::Rect {
                    x: x0,
                    y: mid - MARK / 2.0,
                    width: x1 - x0,
                    height: MARK,
                    fill: tint(group.color, 0.25),
                    stroke: Some(color.clone()),
                    dashed: true,
                    tooltip,
                    url: group.url.clone(),
                }),
                (When::During(_), _) => body.push(Item::Rect {
                    x: x0,
                    y: mid - MARK / 2.0,
                    width: x1 - x0,
                    height: MARK,
                    fill: if group.planned {
                        "#ffffff".into()
                    } else {
                        tint(group.color, 0.8)
                    },
                    stroke: Some(color.clone()),
                    dashed: false,
                    tooltip,
                    url: group.url.clone(),
                }),
            }
            let (x, y, anchor) = match side {
                Side::Right => (x1 + 4.0, top + TEXT_SIZE, Anchor::Start),
                Side::Left => (x0 - 4.0, top + TEXT_SIZE, Anchor::End),
                Side::Below => (x0, top + LINE + TEXT_SIZE, Anchor::Start),
            };
            body.push(Item::Text {
                x,
                y,
                lines,
                size: TEXT_SIZE,
                anchor,
                color: "#000000".into(),
                bold: false,
            });
        }
        y = lane_top + lane_height;
    }
    let chart_bottom = y;
    let mut lines = Vec::new();
    for (day, _) in &ticks {
        let x = axis.x(*day);
        lines.push(Item::Line {
            x1: x,
            y1: chart_top - 3.0,
            x2: x,
            y2: chart_bottom,
            stroke: "#cccccc".into(),
            width: 0.5,
        });
    }
    lines.push(Item::Line {
        x1: AXIS_START,
        y1: chart_top - 3.0,
        x2: AXIS_END,
        y2: chart_top - 3.0,
        stroke: ink::GREY.into(),
        width: 0.8,
    });
    // Lane backgrounds first, then the tick lines over them, then marks
    // and words.
    let (backgrounds, rest): (Vec<Item>, Vec<Item>) = body
        .into_iter()
        .partition(|item| matches!(item, Item::Rect { stroke: None, .. }));
    items.splice(tick_at..tick_at, backgrounds.into_iter().chain(lines));
    items.extend(rest);
    let legend_y = chart_bottom + 6.0 + TEXT_SIZE;
    items.push(Item::Text {
        x: MARGIN,
        y: legend_y,
        lines: vec![
            "● a day   ▭ dashed: known to the month or year   ▬ a period   ○ planned".into(),
        ],
        size: TEXT_SIZE,
        anchor: Anchor::Start,
        color: ink::GREY.into(),
        bold: false,
    });
    Chart {
        title: title.to_string(),
        width: WIDTH,
        height: legend_y + MARGIN,
        items,
        facts,
    }
}

/// The chart as a complete SVG document (the embedded engine's drawing).
pub fn svg(chart: &Chart, diagram: &super::Diagram) -> String {
    use super::embedded::escape;
    // Drawn at its size, or scaled down to fit --size.
    let scale = diagram.max_size.map_or(1.0, |(width, height)| {
        let by_height = height.map_or(1.0, |h| h / chart.height);
        (width / chart.width).min(by_height).min(1.0)
    });
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out.push_str(&format!(
        "<svg width=\"{sw:.0}pt\" height=\"{sh:.0}pt\" viewBox=\"0 0 {w:.0} {h:.0}\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        w = chart.width,
        h = chart.height,
        sw = chart.width * scale,
        sh = chart.height * scale,
    ));
    out.push_str(&format!("<title>{}</title>\n", escape(&chart.title)));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{:.0}\" height=\"{:.0}\" fill=\"#ffffff\"/>\n",
        chart.width, chart.height
    ));
    let link = |inner: String, url: &Option<String>| match url {
        Some(url) => format!(
            "<a xlink:href=\"{}\" target=\"_blank\">{inner}</a>",
            escape(url)
        ),
        None => inner,
    };
    for item in &chart.items {
        let element = match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                stroke,
                dashed,
                tooltip,
                url,
            } => {
                let stroke = match stroke {
                    Some(color) => format!(
                        " stroke=\"{color}\" stroke-width=\"0.8\"{}",
                        if *dashed {
                            " stroke-dasharray=\"2,1.5\""
                        } else {
                            ""
                        }
                    ),
                    None => String::new(),
                };
                link(
                    format!(
                        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" rx=\"1\" fill=\"{fill}\"{stroke}><title>{}</title></rect>",
                        escape(tooltip)
                    ),
                    url,
                )
            }
            Item::Circle {
                x,
                y,
                radius,
                fill,
                stroke,
                tooltip,
                url,
            } => link(
                format!(
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"><title>{}</title></circle>",
                    escape(tooltip)
                ),
                url,
            ),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
                width,
            } => format!(
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
            ),
            Item::Text {
                x,
                y,
                lines,
                size,
                anchor,
                color,
                bold,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                let mut text = format!(
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{color}\"{weight}>"
                );
                for (i, line) in lines.iter().enumerate() {
                    let dy = if i == 0 { 0.0 } else { line_height(*size) };
                    text.push_str(&format!(
                        "<tspan x=\"{x:.1}\" dy=\"{dy:.1}\">{}</tspan>",
                        escape(line)
                    ));
                }
                text.push_str("</text>");
                text
            }
        };
        out.push_str(&element);
        out.push('\n');
    }
    out.push_str("</svg>\n");
    out
}

/// The distance between two lines of text of this size.
fn line_height(size: f64) -> f64 {
    if size >= TITLE_SIZE {
        size * 1.25
    } else {
        LINE
    }
}

/// The chart as DOT for `neato -n2`: every item a node pinned where the
/// layout put it (Graphviz's y axis points up), every line an edge between
/// two pinned points.
pub fn dot(chart: &Chart, diagram: &super::Diagram) -> String {
    use super::dot::{quoted, tooltip, url};
    use graphviz_rust::dot_structures::{
        Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
    };
    use graphviz_rust::printer::{DotPrinter, PrinterContext};
    let a = |name: &str, value: Id| Attribute(Id::Plain(name.into()), value);
    let q = |value: &str| quoted(value);
    let number = |value: f64| quoted(&format!("{value:.2}"));
    let pos = |x: f64, y: f64| quoted(&format!("{:.2},{:.2}!", x, chart.height - y));
    let inches = |points: f64| quoted(&format!("{:.4}", points / 72.0));
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            a("layout", q("neato")),
            a("notranslate", q("true")),
            a("splines", q("line")),
            a("outputorder", q("edgesfirst")),
            a("bgcolor", q("white")),
            a("pad", q("0")),
            a("tooltip", q(&chart.title)),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            a("fontname", q("Helvetica")),
            a("fixedsize", q("true")),
            a("label", q("")),
            a("penwidth", q("0.8")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![a("arrowhead", q("none"))])),
    ];
    let look: Vec<Attribute> = diagram
        .max_size
        .map(|(width, height)| {
            let height = height.unwrap_or(1000.0 * 72.0);
            a(
                "size",
                q(&format!("{:.2},{:.2}", width / 72.0, height / 72.0)),
            )
        })
        .into_iter()
        .chain(diagram.dpi.map(|dpi| a("dpi", q(&dpi.to_string()))))
        .collect();
    if !look.is_empty() {
        stmts.insert(1, Stmt::GAttribute(GraphAttributes::Graph(look)));
    }
    let node = |id: String, attributes: Vec<Attribute>| {
        Stmt::Node(Node::new(NodeId(quoted(&id), None), attributes))
    };
    // The page's corners, so the drawing is the page.
    for (i, (x, y)) in [(0.0, 0.0), (chart.width, chart.height)]
        .into_iter()
        .enumerate()
    {
        stmts.push(node(
            format!("_corner{i}"),
            vec![
                a("pos", pos(x, y)),
                a("shape", q("point")),
                a("style", q("invis")),
                a("width", q("0")),
            ],
        ));
    }
    for (i, item) in chart.items.iter().enumerate() {
        let id = format!("_t{i}");
        match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                stroke,
                dashed,
                tooltip: text,
                url: link,
            } => {
                let mut attributes = vec![
                    a("pos", pos(x + width / 2.0, y + height / 2.0)),
                    a("shape", q("box")),
                    a("width", inches(*width)),
                    a("height", inches(*height)),
                    a("style", q(if *dashed { "filled,dashed" } else { "filled" })),
                    a("fillcolor", q(fill)),
                    a("color", q(stroke.as_deref().unwrap_or(fill))),
                    a("tooltip", tooltip(text)),
                ];
                if let Some(link) = link {
                    attributes.push(a("URL", url(link)));
                    attributes.push(a("target", q("_blank")));
                }
                stmts.push(node(id, attributes));
            }
            Item::Circle {
                x,
                y,
                radius,
                fill,
                stroke,
                tooltip: text,
                url: link,
            } => {
                let mut attributes = vec![
                    a("pos", pos(*x, *y)),
                    a("shape", q("circle")),
                    a("width", inches(radius * 2.0)),
                    a("style", q("filled")),
                    a("fillcolor", q(fill)),
                    a("color", q(stroke)),
                    a("tooltip", tooltip(text)),
                ];
                if let Some(link) = link {
                    attributes.push(a("URL", url(link)));
                    attributes.push(a("target", q("_blank")));
                }
                stmts.push(node(id, attributes));
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
                width,
            } => {
                for (end, x, y) in [("a", x1, y1), ("b", x2, y2)] {
                    stmts.push(node(
                        format!("{id}{end}"),
                        vec![
                            a("pos", pos(*x, *y)),
                            a("shape", q("point")),
                            a("style", q("invis")),
                            a("width", q("0")),
                        ],
                    ));
                }
                stmts.push(Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(
                        Vertex::N(NodeId(quoted(&format!("{id}a")), None)),
                        Vertex::N(NodeId(quoted(&format!("{id}b")), None)),
                    ),
                    attributes: vec![a("color", q(stroke)), a("penwidth", number(*width))],
                }));
            }
            Item::Text {
                x,
                y,
                lines,
                size,
                anchor,
                color,
                bold,
            } => {
                // Generous: Graphviz measures the text itself, and a box
                // too narrow would move it off its anchor.
                let width = lines
                    .iter()
                    .map(|l| text_width(l, *size))
                    .fold(0.0, f64::max)
                    * if *bold { 1.35 } else { 1.2 }
                    + 4.0;
                let step = line_height(*size);
                let height = step * lines.len() as f64;
                // A box as wide as the text, its lines justified to the
                // anchor's side with Graphviz's `\l` and `\r` line ends.
                // Kept within the page, which the box would otherwise widen.
                let width = match anchor {
                    Anchor::Start => width.min(chart.width - x),
                    Anchor::Middle => width.min(2.0 * x.min(chart.width - x)),
                    Anchor::End => width.min(*x),
                };
                let (centre, end) = match anchor {
                    Anchor::Start => (x + width / 2.0, "\\l"),
                    Anchor::Middle => (*x, "\\n"),
                    Anchor::End => (x - width / 2.0, "\\r"),
                };
                let mut label = String::new();
                for line in lines {
                    let Id::Escaped(text) = quoted(line) else {
                        unreachable!("quoted gives an escaped string")
                    };
                    label.push_str(&text[1..text.len() - 1]);
                    label.push_str(end);
                }
                let top = y - size;
                let mut attributes = vec![
                    a("pos", pos(centre, top + height / 2.0 + (step - size) / 2.0)),
                    a("shape", q("plaintext")),
                    a("width", inches(width)),
                    a("height", inches(height)),
                    a("margin", q("0")),
                    a("label", Id::Escaped(format!("\"{label}\""))),
                    a("fontsize", number(*size)),
                    a("fontcolor", q(color)),
                ];
                if *bold {
                    attributes.push(a("fontname", q("Helvetica-Bold")));
                }
                stmts.push(node(id, attributes));
            }
        }
    }
    let graph = Graph::Graph {
        id: quoted("timeline"),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fit_the_axis_at_every_span() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        for (first, last) in [
            ("2023-06-01", "2023-06-30"),
            ("2023-06-14", "2023-06-14"),
            ("2021-01-01", "2027-12-31"),
            ("2023-01-01", "2024-12-31"),
            ("1900-01-01", "2099-12-31"),
        ] {
            let axis = Axis {
                first: d(first),
                last: d(last),
            };
            let ticks = axis.ticks();
            assert!(!ticks.is_empty(), "{first}..{last}");
            for pair in ticks.windows(2) {
                let gap = axis.x(pair[1].0) - axis.x(pair[0].0);
                let room = text_width(&pair[0].1, TEXT_SIZE) / 2.0
                    + text_width(&pair[1].1, TEXT_SIZE) / 2.0;
                assert!(gap > room, "{first}..{last}: {pair:?} {gap} {room}");
            }
        }
    }
}
