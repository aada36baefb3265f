//! JavaScript / TypeScript with oxc: parse, resolve names through scopes, and
//! record network calls, SDK imports, browser and Forge storage, remotes and
//! external auth. Nothing from the scanned code is ever executed.

mod api;
mod detect;
mod elements;
mod exposure;
mod guard;
mod navigation;
mod network;
mod obscured;
pub(crate) mod secrets;
mod storage;
pub(crate) mod summary;
mod url;
mod value;

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::SourceType;

use crate::lines::LineIndex;
use crate::model::{Observation, Side};
use crate::practice::aliases::{Aliases, NO_ALIASES};
use crate::rulesets::Catalogue;

use detect::Collector;
pub(crate) use network::METHODS as HTTP_METHODS;
pub use summary::ModuleSummary;
pub(crate) use value::CALL;

/// A file the parser could not read; the scan reports it and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub message: String,
}

impl ParseFailure {
    fn new(message: impl Into<String>) -> Self {
        ParseFailure {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ParseFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Stacks tried for parser threads: the guard bounds nesting, and these leave
/// ample headroom below it (reserved address space, committed only when used).
pub(crate) const PARSER_STACKS: [usize; 2] = [256 * 1024 * 1024, 32 * 1024 * 1024];

/// Name of every thread that parses scripts; `main` keeps the panic hook quiet
/// on these because their panics are contained and reported as skipped files.
pub(crate) const PARSER_THREAD_NAME: &str = "claimcheck-js";

thread_local! {
    /// Set on threads started with one of [`PARSER_STACKS`] (the scan pool).
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the calling thread as having a parser-sized stack, so [`scan_js`]
/// parses on it directly instead of spawning a thread per file. Call it only
/// from threads built with a stack from [`PARSER_STACKS`] and named
/// [`PARSER_THREAD_NAME`].
pub(crate) fn mark_parser_thread() {
    LARGE_STACK.with(|flag| flag.set(true));
}

/// Whether the calling thread has a parser-sized stack (at least 32 MiB): a
/// scan-pool thread.
pub(crate) fn on_large_stack() -> bool {
    LARGE_STACK.with(std::cell::Cell::get)
}

/// The deepest bracket nesting the guard lets through to the parser.
#[cfg(test)]
pub(crate) fn guard_limit() -> usize {
    guard::MAX_NESTING
}

/// What a script's scan knows beyond its own text: the catalogue, and the
/// package aliases of the package.json files above it.
#[derive(Debug, Clone, Copy)]
pub struct ScriptContext<'c> {
    pub catalogue: &'c Catalogue,
    pub aliases: &'c Aliases,
}

impl<'c> ScriptContext<'c> {
    /// A script with no package aliases.
    pub fn new(catalogue: &'c Catalogue) -> Self {
        ScriptContext {
            catalogue,
            aliases: &NO_ALIASES,
        }
    }
}

/// Observations in one script file, sorted by (line, column). The file type
/// comes from `rel_path`'s extension; `.js` files may contain JSX.
pub fn scan_js(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, ParseFailure> {
    scan_module(rel_path, source, side, ScriptContext::new(catalogue))
        .map(|(observations, _)| observations)
}

/// [`scan_js`] with the package aliases that apply to the script.
pub fn scan_script(
    rel_path: &str,
    source: &str,
    side: Side,
    context: ScriptContext<'_>,
) -> Result<Vec<Observation>, ParseFailure> {
    scan_module(rel_path, source, side, context).map(|(observations, _)| observations)
}

/// [`scan_script`], with what the file offers and takes from the app's other
/// modules (the module graph's input).
pub fn scan_module(
    rel_path: &str,
    source: &str,
    side: Side,
    context: ScriptContext<'_>,
) -> Result<(Vec<Observation>, ModuleSummary), ParseFailure> {
    if let Some(reason) = guard::too_deep(source) {
        return Err(ParseFailure::new(reason));
    }
    // The scan pool's threads already have a parser-sized stack.
    if on_large_stack() {
        return guarded(rel_path, source, side, context);
    }
    // Elsewhere (tests, fuzzing, a library caller) a dedicated thread gives the
    // recursive parser a known, large stack. Where address space is tight, try
    // a smaller stack, then the caller's own thread.
    for stack in PARSER_STACKS {
        let attempt = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(PARSER_THREAD_NAME.into())
                .stack_size(stack)
                .spawn_scoped(scope, || guarded(rel_path, source, side, context))
                .map(|handle| handle.join().unwrap_or_else(|_| Err(crashed())))
        });
        if let Ok(result) = attempt {
            return result;
        }
    }
    guarded(rel_path, source, side, context)
}

type Scanned = (Vec<Observation>, ModuleSummary);

/// oxc 0.146 panics on some inputs (crates.md 3.5): contain it per file.
fn guarded(
    rel_path: &str,
    source: &str,
    side: Side,
    context: ScriptContext<'_>,
) -> Result<Scanned, ParseFailure> {
    super::contain::contained(|| analyse(rel_path, source, side, context))
        .unwrap_or_else(|_| Err(crashed()))
}

fn crashed() -> ParseFailure {
    ParseFailure::new("parser crashed (oxc 0.146 bug); file not analysed")
}

fn analyse(
    rel_path: &str,
    source: &str,
    side: Side,
    context: ScriptContext<'_>,
) -> Result<Scanned, ParseFailure> {
    with_program(rel_path, source, |arena, program| {
        Collector::new(rel_path, source, side, context.catalogue)
            .with_aliases(context.aliases)
            .run(program, &semantic_of(program), arena)
    })
}

/// Parses a script as [`scan_js`] does (the depth guard, the same options,
/// JSX then plain JS, this thread's arena) and, with `semantic`, builds its
/// semantic model; then drops both. This is the floor under a scan that
/// `examples/parse_floor.rs` measures. Call it on a thread with a
/// parser-sized stack.
pub fn parse_only(rel_path: &str, source: &str, semantic: bool) -> Result<(), ParseFailure> {
    if let Some(reason) = guard::too_deep(source) {
        return Err(ParseFailure::new(reason));
    }
    with_program(rel_path, source, |_, program| {
        if semantic {
            std::hint::black_box(semantic_of(program).nodes().len());
        }
    })
}

/// Parses `source` in this thread's arena and hands the program to `then`.
/// React code often lives in `.js`: JSX is tried first, then plain JS, and the
/// first attempt's error is reported if both fail.
fn with_program<R>(
    rel_path: &str,
    source: &str,
    then: impl for<'a> FnOnce(&'a Allocator, &'a Program<'a>) -> R,
) -> Result<R, ParseFailure> {
    let declared = SourceType::from_path(rel_path).unwrap_or_else(|_| SourceType::jsx());
    let is_plain_js = declared.is_javascript() && !declared.is_jsx();
    let first = if is_plain_js {
        declared.with_jsx(true)
    } else {
        declared
    };
    with_arena(|arena| {
        let program = match parse(arena, source, first) {
            Err(failure) if is_plain_js => parse(arena, source, declared).map_err(|_| failure)?,
            result => result?,
        };
        Ok(then(arena, program))
    })
}

thread_local! {
    /// The parser arena of this thread, reused from file to file: a fresh arena
    /// per file costs a fresh set of pages from the system every time.
    static ARENA: std::cell::Cell<Option<Allocator>> = const { std::cell::Cell::new(None) };
}

/// An arena grown past this by one huge file is dropped rather than kept.
const ARENA_KEEP_LIMIT: usize = 32 * 1024 * 1024;

/// Runs `parse` with this thread's arena and keeps the arena for the next file.
/// A panic in `parse` simply drops the arena.
fn with_arena<R>(parse: impl FnOnce(&Allocator) -> R) -> R {
    let mut arena = ARENA.with(std::cell::Cell::take).unwrap_or_default();
    let result = parse(&arena);
    arena.reset();
    if arena.capacity() <= ARENA_KEEP_LIMIT {
        ARENA.with(|slot| slot.set(Some(arena)));
    }
    result
}

/// The program of `source`, or its first syntax error with line and column.
fn parse<'a>(
    allocator: &'a Allocator,
    source: &'a str,
    source_type: SourceType,
) -> Result<&'a Program<'a>, ParseFailure> {
    let options = ParseOptions {
        parse_regular_expression: false,
        ..ParseOptions::default()
    };
    let parsed = Parser::new(allocator, source, source_type)
        .with_options(options)
        .parse();
    if let Some(diagnostic) = parsed.diagnostics.first() {
        let offset = diagnostic.labels.first().map(|l| l.offset() as usize);
        let message = match offset {
            Some(offset) => {
                let (line, column) = LineIndex::new(source).position(offset);
                format!("syntax error at {line}:{column}: {}", diagnostic.message)
            }
            None => format!("syntax error: {}", diagnostic.message),
        };
        return Err(ParseFailure::new(message));
    }
    if parsed.panicked {
        return Err(ParseFailure::new(
            "syntax error: the parser gave up on this file",
        ));
    }
    Ok(allocator.alloc(parsed.program))
}

/// Scopes, symbols and the node list the detectors walk.
fn semantic_of<'a>(program: &'a Program<'a>) -> Semantic<'a> {
    SemanticBuilder::new()
        .with_build_nodes(true)
        .build(program)
        .semantic
}

#[cfg(test)]
mod tests;
