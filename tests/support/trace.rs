//! A `tracing` subscriber that records everything at TRACE level: every span (name and every
//! field, including fields recorded later), every event with all its fields, and a plain-text
//! transcript of all of it, for tests that look at what the client emits.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::{DefaultGuard, Interest};
use tracing::{Event, Metadata, Subscriber};

/// One span, with the fields it was created with and those recorded on it later, in order.
#[derive(Debug, Clone)]
pub struct SpanRecord {
    pub id: u64,
    pub name: String,
    pub target: String,
    pub level: String,
    /// `(field, value)`; `&str` values verbatim, everything else `Debug`-formatted.
    pub fields: Vec<(String, String)>,
}

impl SpanRecord {
    /// The last value recorded for `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The names of the fields that have a value, sorted, without repeats.
    pub fn field_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.fields.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// One event, with all its fields (the message is the `message` field).
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub target: String,
    pub level: String,
    pub fields: Vec<(String, String)>,
    /// The innermost span entered on the emitting thread, if any.
    pub span: Option<u64>,
}

impl EventRecord {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Log {
    text: String,
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
    entered: HashMap<ThreadId, Vec<u64>>,
    metadata: HashMap<u64, &'static Metadata<'static>>,
}

/// The recording subscriber; clones share one record.
#[derive(Clone, Default)]
pub struct Capture {
    log: Arc<Mutex<Log>>,
    next_id: Arc<AtomicU64>,
}

impl Capture {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records everything emitted on this thread until the guard is dropped (a
    /// current-thread runtime, as `#[tokio::test]` uses, polls every task on this thread).
    pub fn install_for_thread(&self) -> DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    /// The transcript so far.
    pub fn text(&self) -> String {
        self.log.lock().unwrap().text.clone()
    }

    pub fn spans(&self) -> Vec<SpanRecord> {
        self.log.lock().unwrap().spans.clone()
    }

    /// The spans named `name`.
    pub fn spans_named(&self, name: &str) -> Vec<SpanRecord> {
        self.spans()
            .into_iter()
            .filter(|s| s.name == name)
            .collect()
    }

    pub fn events(&self) -> Vec<EventRecord> {
        self.log.lock().unwrap().events.clone()
    }

    /// Forgets everything recorded so far.
    pub fn clear(&self) {
        let mut log = self.log.lock().unwrap();
        log.text.clear();
        log.spans.clear();
        log.events.clear();
    }
}

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        // both renderings, and the whole source chain
        let mut text = format!("{value} / {value:?}");
        let mut source = value.source();
        while let Some(s) = source {
            let _ = write!(text, " / caused by: {s} / {s:?}");
            source = s.source();
        }
        self.0.push((field.name().to_owned(), text));
    }
}

fn render(fields: &[(String, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(n, v)| format!("{n}={v}")).collect();
    parts.join(" ")
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::always()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Fields(Vec::new());
        attrs.record(&mut fields);
        let meta = attrs.metadata();
        let mut log = self.log.lock().unwrap();
        log.metadata.insert(id, meta);
        let _ = writeln!(
            log.text,
            "span #{id} {} target={} level={} {}",
            meta.name(),
            meta.target(),
            meta.level(),
            render(&fields.0)
        );
        log.spans.push(SpanRecord {
            id,
            name: meta.name().to_owned(),
            target: meta.target().to_owned(),
            level: meta.level().to_string(),
            fields: fields.0,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(Vec::new());
        values.record(&mut fields);
        let id = span.into_u64();
        let mut log = self.log.lock().unwrap();
        let _ = writeln!(log.text, "record #{id} {}", render(&fields.0));
        if let Some(record) = log.spans.iter_mut().find(|s| s.id == id) {
            record.fields.extend(fields.0);
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        let meta = event.metadata();
        let mut log = self.log.lock().unwrap();
        let span = log
            .entered
            .get(&std::thread::current().id())
            .and_then(|stack| stack.last().copied());
        let _ = writeln!(
            log.text,
            "event target={} level={} span={span:?} {}",
            meta.target(),
            meta.level(),
            render(&fields.0)
        );
        log.events.push(EventRecord {
            target: meta.target().to_owned(),
            level: meta.level().to_string(),
            fields: fields.0,
            span,
        });
    }

    /// Needed for `Span::current()`, which the client uses to record fields.
    fn current_span(&self) -> tracing_core::span::Current {
        let log = self.log.lock().unwrap();
        let current = log
            .entered
            .get(&std::thread::current().id())
            .and_then(|stack| stack.last())
            .and_then(|id| Some((*id, *log.metadata.get(id)?)));
        match current {
            Some((id, meta)) => tracing_core::span::Current::new(Id::from_u64(id), meta),
            None => tracing_core::span::Current::none(),
        }
    }

    fn enter(&self, span: &Id) {
        let mut log = self.log.lock().unwrap();
        log.entered
            .entry(std::thread::current().id())
            .or_default()
            .push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut log = self.log.lock().unwrap();
        if let Some(stack) = log.entered.get_mut(&std::thread::current().id()) {
            if let Some(pos) = stack.iter().rposition(|&s| s == span.into_u64()) {
                stack.remove(pos);
            }
        }
    }
}
