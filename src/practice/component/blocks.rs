//! The script blocks of a single-file component, found with the HTML
//! tokenizer (comments, quoted attributes and `</script>` end tags are its
//! job) and the nesting of the component's top-level elements: only a
//! `<script>` outside every element is a component block. Astro's `---`
//! frontmatter fence is found by lines, since it is not markup.

use crate::lines::LineIndex;
use crate::practice::html::tokenizer::{Tag, Token, Tokenizer};

/// Which component language a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    /// `.vue`
    Vue,
    /// `.svelte`
    Svelte,
    /// `.astro`
    Astro,
}

impl Dialect {
    /// The dialect of a file extension (lower-case).
    pub fn of_extension(extension: &str) -> Option<Dialect> {
        match extension {
            "vue" => Some(Dialect::Vue),
            "svelte" => Some(Dialect::Svelte),
            "astro" => Some(Dialect::Astro),
            _ => None,
        }
    }

    /// Attribute values may be `{expression}`.
    pub(super) fn braces(self) -> bool {
        matches!(self, Dialect::Svelte | Dialect::Astro)
    }
}

/// What a script block is to its component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Vue `<script>`, Svelte's instance `<script>`.
    Instance,
    /// Vue `<script setup>`.
    Setup,
    /// Svelte `<script context="module">` / `<script module>`.
    Module,
    /// Astro's `---` frontmatter: it runs when the site is built or rendered
    /// on a server, never in the browser.
    Frontmatter,
    /// An Astro `<script>`, bundled into the page.
    Hoisted,
}

/// The language of a block's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Js,
    Jsx,
    Ts,
    Tsx,
}

impl Lang {
    /// The extension that makes the parser read this language as a module.
    pub fn extension(self) -> &'static str {
        match self {
            Lang::Js => "mjs",
            Lang::Jsx => "jsx",
            Lang::Ts => "mts",
            Lang::Tsx => "tsx",
        }
    }
}

/// One script block, with its body's place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptBlock {
    pub role: Role,
    pub lang: Lang,
    /// Byte offsets of the body in the file: `source[start..end]`.
    pub start: usize,
    pub end: usize,
}

impl ScriptBlock {
    /// The body with blank lines and spaces before it, so that a parser's
    /// positions in it are the file's own lines and UTF-16 columns.
    pub fn positioned_source(&self, source: &str, lines: &LineIndex<'_>) -> String {
        positioned(source, lines, self.start, self.end)
    }
}

/// `source[start..end]` after blank lines and spaces that put it at its
/// line and UTF-16 column in `source`. Costs one copy of the text before it
/// at most, as newlines and spaces.
pub(super) fn positioned(source: &str, lines: &LineIndex<'_>, start: usize, end: usize) -> String {
    let (line, column) = lines.position(start);
    let body = source.get(start..end).unwrap_or_default();
    let pad_lines = line.saturating_sub(1) as usize;
    let pad_columns = column.saturating_sub(1) as usize;
    let mut text = String::with_capacity(pad_lines + pad_columns + body.len());
    text.extend(std::iter::repeat_n('\n', pad_lines));
    text.extend(std::iter::repeat_n(' ', pad_columns));
    text.push_str(body);
    text
}

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Where the file's markup is, with its script blocks: for Astro the
/// frontmatter is blanked out of `markup` (same length, newlines kept) so
/// that offsets stay the file's.
pub struct Split<'s> {
    pub blocks: Vec<ScriptBlock>,
    pub markup: std::borrow::Cow<'s, str>,
}

/// The script blocks of a component, in file order.
pub fn script_blocks(source: &str, dialect: Dialect) -> Vec<ScriptBlock> {
    split(source, dialect).blocks
}

/// Finds the script blocks and the markup around them.
pub fn split(source: &str, dialect: Dialect) -> Split<'_> {
    let mut blocks = Vec::new();
    let mut markup = std::borrow::Cow::Borrowed(source);
    if dialect == Dialect::Astro
        && let Some((start, end, after)) = frontmatter(source)
    {
        blocks.push(ScriptBlock {
            role: Role::Frontmatter,
            lang: Lang::Ts,
            start,
            end,
        });
        let mut blanked = String::with_capacity(source.len());
        blanked.extend(
            source[..after]
                .bytes()
                .map(|b| if b == b'\n' { '\n' } else { ' ' }),
        );
        blanked.push_str(&source[after..]);
        markup = std::borrow::Cow::Owned(blanked);
    }
    blocks.extend(
        top_level_scripts(&markup, dialect)
            .into_iter()
            .map(|(b, _)| b),
    );
    Split { blocks, markup }
}

/// The top-level `<script>` blocks of `markup` and the offset of each start
/// tag's `<`.
pub(super) fn top_level_scripts(markup: &str, dialect: Dialect) -> Vec<(ScriptBlock, usize)> {
    let mut out = Vec::new();
    // The open top-level element and how deep its own name nests.
    let mut open: Option<(String, usize)> = None;
    let mut pending: Option<(Role, Lang, usize)> = None;
    for token in Tokenizer::component(markup, dialect.braces()) {
        match token {
            Token::StartTag(tag) => match &mut open {
                Some((name, depth)) => {
                    if *name == tag.name && !tag.self_closing {
                        *depth += 1;
                    }
                }
                None if tag.name == "script" => {
                    pending = block_of(&tag, dialect).map(|(role, lang)| (role, lang, tag.start));
                }
                None => {
                    let leaf = tag.self_closing
                        || VOID.contains(&tag.name.as_str())
                        || matches!(tag.name.as_str(), "style" | "textarea" | "title");
                    if !leaf {
                        open = Some((tag.name.clone(), 1));
                    }
                }
            },
            Token::EndTag { name } => {
                if let Some((open_name, depth)) = &mut open
                    && *open_name == name
                {
                    *depth -= 1;
                    if *depth == 0 {
                        open = None;
                    }
                }
            }
            Token::RawText {
                element,
                text,
                start,
            } => {
                if element == "script"
                    && let Some((role, lang, tag_start)) = pending.take()
                {
                    let block = ScriptBlock {
                        role,
                        lang,
                        start,
                        end: start + text.len(),
                    };
                    out.push((block, tag_start));
                }
            }
        }
    }
    out
}

/// The role and language of a top-level `<script>`, or `None` when it is not
/// a block of the component's code: one with `src` (the file it names is
/// scanned on its own), a data block, an Astro `is:inline` script (read as
/// HTML).
pub(super) fn block_of(tag: &Tag<'_>, dialect: Dialect) -> Option<(Role, Lang)> {
    if tag.attr("src").is_some() || tag.self_closing {
        return None;
    }
    let value = |name: &str| tag.attr(name).map(|a| a.raw.trim().to_ascii_lowercase());
    if let Some(kind) = value("type")
        && !matches!(
            kind.as_str(),
            "" | "module"
                | "text/javascript"
                | "application/javascript"
                | "text/typescript"
                | "application/typescript"
                | "ts"
        )
    {
        return None;
    }
    let typescript_type = value("type").is_some_and(|t| t.ends_with("typescript"));
    let lang = match value("lang").as_deref() {
        Some("ts" | "typescript") => Lang::Ts,
        Some("tsx") => Lang::Tsx,
        Some("jsx") => Lang::Jsx,
        _ if typescript_type => Lang::Ts,
        _ => Lang::Js,
    };
    let role = match dialect {
        Dialect::Vue if tag.attr("setup").is_some() => Role::Setup,
        Dialect::Vue => Role::Instance,
        Dialect::Svelte
            if tag.attr("module").is_some() || value("context").as_deref() == Some("module") =>
        {
            Role::Module
        }
        Dialect::Svelte => Role::Instance,
        Dialect::Astro if tag.attrs.iter().any(|a| a.name == "is:inline") => return None,
        // Astro bundles its scripts as TypeScript.
        Dialect::Astro => return Some((Role::Hoisted, Lang::Ts)),
    };
    Some((role, lang))
}

/// Astro's frontmatter: a first line `---` (after blank lines) and the next
/// line that is `---`. Returns the body's (start, end) and the offset after
/// the closing fence.
fn frontmatter(source: &str) -> Option<(usize, usize, usize)> {
    let mut lines = crate::lines::line_indices(source).skip_while(|(_, l)| l.trim().is_empty());
    let (_, open) = lines.next()?;
    if open.trim() != "---" {
        return None;
    }
    let mut body_start = None;
    for (at, line) in lines {
        let start = *body_start.get_or_insert(at);
        if line.trim_end() == "---" {
            return Some((start, at, at + line.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(source: &str, dialect: Dialect) -> Vec<(Role, Lang, &str)> {
        script_blocks(source, dialect)
            .into_iter()
            .map(|b| (b.role, b.lang, &source[b.start..b.end]))
            .collect()
    }

    #[test]
    fn vue_blocks_outside_the_template_with_their_languages() {
        let source = r#"<template>
  <div><template v-if="x"><script>not a block</script></template></div>
  <!-- <script>commented out</script> -->
</template>
<script lang="ts">
export default { name: "a" };
</script>
<script setup lang='TS' generic="T extends '</script>'">
const a: number = "</scrip" + "t>".length;
</script>
<script src="./external.js"></script>
<script type="application/json">{"data": 1}</script>
<style scoped>.a { color: red }</style>
"#;
        let found = bodies(source, Dialect::Vue);
        assert_eq!(
            found,
            [
                (
                    Role::Instance,
                    Lang::Ts,
                    "\nexport default { name: \"a\" };\n"
                ),
                (
                    Role::Setup,
                    Lang::Ts,
                    "\nconst a: number = \"</scrip\" + \"t>\".length;\n"
                ),
            ]
        );
    }

    #[test]
    fn svelte_module_and_instance_scripts_and_brace_attributes() {
        let source = r#"<script context="module" lang="ts">
  export const prerender = true;
</script>
<Button on:click={() => a > b} {...props} />
<svelte:head><script src="https://cdn.example.com/x.js"></script></svelte:head>
<script>
  let count = 0;
</script>
<div class={x > 1 ? "a" : "b"}><script>nested</script></div>
"#;
        let found = bodies(source, Dialect::Svelte);
        assert_eq!(
            found,
            [
                (
                    Role::Module,
                    Lang::Ts,
                    "\n  export const prerender = true;\n"
                ),
                (Role::Instance, Lang::Js, "\n  let count = 0;\n"),
            ]
        );
    }

    #[test]
    fn astro_frontmatter_and_hoisted_scripts() {
        let source = "---\nconst r = await fetch('https://api.example.com');\n---\n<h1>Hi</h1>\n<script>\nconsole.log(1);\n</script>\n<script is:inline>inline()</script>\n";
        let found = bodies(source, Dialect::Astro);
        assert_eq!(
            found,
            [
                (
                    Role::Frontmatter,
                    Lang::Ts,
                    "const r = await fetch('https://api.example.com');\n"
                ),
                (Role::Hoisted, Lang::Ts, "\nconsole.log(1);\n"),
            ]
        );
    }

    #[test]
    fn a_positioned_body_keeps_the_files_lines_and_columns() {
        let source = "<template><p>é</p></template>\n<script setup>let a = 1;</script>";
        let block = &script_blocks(source, Dialect::Vue)[0];
        let lines = LineIndex::new(source);
        let text = block.positioned_source(source, &lines);
        let at = text.find("let").unwrap();
        assert_eq!(
            LineIndex::new(&text).position(at),
            lines.position(block.start)
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Fragments that steer the tokenizer into its hard states.
    fn component() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("<script>".to_string()),
            Just("<script setup lang=\"ts\">".to_string()),
            Just("<script context='module'>".to_string()),
            Just("</script>".to_string()),
            Just("<template>".to_string()),
            Just("</template>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<div a={x > 1}>".to_string()),
            Just("</div>".to_string()),
            Just("<br/>".to_string()),
            Just("---\n".to_string()),
            Just("\r\n".to_string()),
            Just("é".to_string()),
            "[ -~\\n]{0,12}",
        ];
        proptest::collection::vec(fragment, 0..24).prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn blocks_never_panic_and_map_back_into_the_source(source in component()) {
            for dialect in [Dialect::Vue, Dialect::Svelte, Dialect::Astro] {
                let lines = LineIndex::new(&source);
                for block in script_blocks(&source, dialect) {
                    prop_assert!(block.start <= block.end && block.end <= source.len());
                    prop_assert!(source.is_char_boundary(block.start));
                    prop_assert!(source.is_char_boundary(block.end));
                    let text = block.positioned_source(&source, &lines);
                    let body = &source[block.start..block.end];
                    prop_assert!(text.ends_with(body));
                    // The body's first character sits at its own line and column.
                    let at = text.len() - body.len();
                    prop_assert_eq!(
                        LineIndex::new(&text).position(at),
                        lines.position(block.start)
                    );
                }
            }
        }
    }
}
