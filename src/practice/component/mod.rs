//! Single-file components: Vue (`.vue`), Svelte (`.svelte`) and Astro
//! (`.astro`). Their script blocks go through the JavaScript scanner at the
//! file's own lines and columns; their markup is read like an HTML page
//! (`practice::html`), with bound attributes whose value is a literal
//! (`:src="'https://...'"`, `src={'https://...'}`, `src="https://x/{id}"`)
//! read as the plain attribute, and inline handlers (`@click`, `on:click`,
//! `onclick`) scanned as script.
//!
//! [`script_blocks`] gives the blocks' offsets to anything else that needs
//! the component's code (the module graph).

mod attributes;
mod blocks;

pub use blocks::{Dialect, Lang, Role, ScriptBlock, script_blocks};

use crate::lines::LineIndex;
use crate::model::{Observation, Side};
use crate::practice::html::Page;
use crate::practice::html::tokenizer::{Token, Tokenizer};
use crate::practice::js::{ScriptContext, scan_script};

/// Observations in one component, sorted by (line, column, kind, detail).
///
/// `Err` for a file that is not text (a NUL byte) and for a script block the
/// parser rejects, with the file's line and column: the block is the
/// component's code, so a component whose code cannot be read is not
/// analysed. An inline handler that does not parse is skipped.
pub fn scan_component(
    rel_path: &str,
    source: &str,
    side: Side,
    dialect: Dialect,
    context: ScriptContext<'_>,
) -> Result<Vec<Observation>, String> {
    let index = LineIndex::new(source);
    if let Some(nul) = source.find('\0') {
        let (line, column) = index.position(nul);
        return Err(format!(
            "NUL byte at {line}:{column}: binary content, not text"
        ));
    }
    let split = blocks::split(source, dialect);
    let mut page = Page::new(rel_path, side, context.catalogue, &index);
    let typescript = split
        .blocks
        .iter()
        .any(|b| matches!(b.lang, Lang::Ts | Lang::Tsx));
    for block in &split.blocks {
        // Frontmatter runs when the site is built (or on a server), not in
        // the user's browser.
        let block_side = match block.role {
            Role::Frontmatter => Side::Dev,
            _ => side,
        };
        let virtual_path = format!("{rel_path}#script.{}", block.lang.extension());
        let text = block.positioned_source(source, &index);
        let found = scan_script(&virtual_path, &text, block_side, context)
            .map_err(|failure| format!("{} block: {failure}", role_name(block.role)))?;
        page.extend(relocated(found, rel_path));
    }
    let block_tags: Vec<usize> = blocks::top_level_scripts(&split.markup, dialect)
        .into_iter()
        .map(|(_, tag_start)| tag_start)
        .collect();
    let mut in_block = false;
    for token in Tokenizer::component(&split.markup, dialect.braces()) {
        match token {
            Token::StartTag(tag) => {
                in_block = tag.name == "script" && block_tags.contains(&tag.start);
                if in_block {
                    continue;
                }
                page.start_tag(&attributes::bound(&tag, dialect));
                for handler in attributes::handlers(&tag, dialect) {
                    let text = blocks::positioned(source, &index, handler.start, handler.end);
                    let lang = if typescript { "mts" } else { "mjs" };
                    let virtual_path = format!("{rel_path}#handler.{lang}");
                    // A handler is an expression in the component's own
                    // syntax; one the parser rejects hides little.
                    if let Ok(found) = scan_script(&virtual_path, &text, side, context) {
                        page.extend(relocated(found, rel_path));
                    }
                }
            }
            Token::RawText {
                element,
                text,
                start,
            } => {
                if !std::mem::take(&mut in_block) {
                    page.raw_text(&element, text, start);
                }
            }
            Token::EndTag { .. } => {}
        }
    }
    Ok(page.finish())
}

/// How a message names a block.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Instance => "the <script>",
        Role::Setup => "the <script setup>",
        Role::Module => "the module <script>",
        Role::Frontmatter => "the --- frontmatter",
        Role::Hoisted => "a <script>",
    }
}

/// Observations of a block or handler, placed in the component file: their
/// lines and columns are already the file's.
fn relocated(found: Vec<Observation>, rel_path: &str) -> impl Iterator<Item = Observation> {
    found.into_iter().map(move |mut obs| {
        obs.location.path = rel_path.to_string();
        obs
    })
}

#[cfg(test)]
mod tests;
