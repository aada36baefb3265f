//! A component's attributes as a page would have them: a bound attribute
//! whose value is a literal is the plain attribute with that value, and an
//! event handler is script.

use crate::practice::html::tokenizer::{Attr, Tag};

use super::blocks::Dialect;

/// `tag` with bound attributes that hold a literal added under their plain
/// name: Vue `:src="'https://x'"` / `v-bind:src`, Svelte and Astro
/// `src={'https://x'}`, and the literal start of an interpolated value
/// (`src="https://x/{id}"`, `` :src="`https://x/${id}`" ``). A plain
/// attribute written as well wins, as the first of a name does in HTML.
/// Values computed from variables are left out: the script reads those.
pub fn bound<'s>(tag: &Tag<'s>, dialect: Dialect) -> Tag<'s> {
    let mut attrs: Vec<Attr<'s>> = Vec::with_capacity(tag.attrs.len());
    let mut late: Vec<Attr<'s>> = Vec::new();
    for attr in &tag.attrs {
        match dialect {
            Dialect::Vue => {
                let base = attr
                    .name
                    .strip_prefix(':')
                    .or_else(|| attr.name.strip_prefix("v-bind:"));
                match base {
                    Some(base) => {
                        if let Some((text, at)) = literal(attr.raw) {
                            late.push(view(base, text, attr.value_start + at));
                        }
                    }
                    None => attrs.push(attr.clone()),
                }
            }
            Dialect::Svelte | Dialect::Astro => match braced(attr.raw) {
                Some((expr, at)) => {
                    if let Some((text, inner)) = literal(expr) {
                        late.push(view(&attr.name, text, attr.value_start + at + inner));
                    }
                }
                // `"https://x/{id}"`: the part before the first `{` is known.
                None => match attr.raw.find('{') {
                    Some(cut) => attrs.push(view(&attr.name, &attr.raw[..cut], attr.value_start)),
                    None => attrs.push(attr.clone()),
                },
            },
        }
    }
    for attr in late {
        if !attrs.iter().any(|a| a.name == attr.name) {
            attrs.push(attr);
        }
    }
    Tag {
        name: tag.name.clone(),
        start: tag.start,
        attrs,
        self_closing: tag.self_closing,
    }
}

fn view<'s>(name: &str, raw: &'s str, value_start: usize) -> Attr<'s> {
    Attr {
        name: name.to_string(),
        raw,
        value_start,
    }
}

/// `{expression}` -> the expression and its offset in the value.
fn braced(raw: &str) -> Option<(&str, usize)> {
    let inner = raw.strip_prefix('{')?.strip_suffix('}')?;
    Some((inner, 1))
}

/// The text of a JavaScript string literal, or the literal start of a
/// template literal, with its offset in `expr`: `'https://x'`, `` `https://x/${id}` ``.
fn literal(expr: &str) -> Option<(&str, usize)> {
    let lead = expr.len() - expr.trim_start().len();
    let trimmed = expr.trim();
    let quote = trimmed.chars().next()?;
    let body = trimmed.get(1..)?;
    match quote {
        '\'' | '"' => {
            let end = body.find(quote)?;
            // A concatenation or a call after the literal: only its start is known.
            Some((&body[..end], lead + 1))
        }
        '`' => {
            let end = body.find(['`', '$']).unwrap_or(body.len());
            Some((&body[..end], lead + 1))
        }
        _ => None,
    }
}

/// Where an inline handler's code is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    pub start: usize,
    pub end: usize,
}

/// The event handlers of a tag: `@click`, `v-on:click` (Vue), `on:click`
/// (Svelte), and `onclick` in any dialect. Svelte's and Astro's `{...}`
/// values give the expression inside the braces.
pub fn handlers(tag: &Tag<'_>, dialect: Dialect) -> Vec<Handler> {
    let mut out = Vec::new();
    for attr in &tag.attrs {
        let name = attr.name.as_str();
        let is_handler = match dialect {
            Dialect::Vue => name.starts_with('@') || name.starts_with("v-on:"),
            Dialect::Svelte => name.starts_with("on:"),
            Dialect::Astro => false,
        } || (name.len() > 2
            && name.starts_with("on")
            && name[2..].bytes().all(|b| b.is_ascii_lowercase()));
        if !is_handler || attr.raw.trim().is_empty() {
            continue;
        }
        let (code, at) = braced(attr.raw).unwrap_or((attr.raw, 0));
        let start = attr.value_start + at;
        out.push(Handler {
            start,
            end: start + code.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::html::tokenizer::{Token, Tokenizer};

    fn first_tag(source: &str, dialect: Dialect) -> Tag<'_> {
        match Tokenizer::component(source, dialect.braces()).next() {
            Some(Token::StartTag(tag)) => tag,
            other => panic!("not a tag: {other:?}"),
        }
    }

    fn values(source: &str, dialect: Dialect) -> Vec<(String, String, usize)> {
        bound(&first_tag(source, dialect), dialect)
            .attrs
            .into_iter()
            .map(|a| (a.name, a.raw.to_string(), a.value_start))
            .collect()
    }

    #[test]
    fn vue_bindings_with_literals_read_as_plain_attributes() {
        let source = r#"<img :src="'https://a.example.com/x.png'" v-bind:poster="`https://b.example.com/${id}`" :alt="title">"#;
        let found = values(source, Dialect::Vue);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.0.as_str(), f.1.as_str()))
                .collect::<Vec<_>>(),
            [
                ("src", "https://a.example.com/x.png"),
                ("poster", "https://b.example.com/")
            ]
        );
        // Offsets point at the URL in the file.
        assert_eq!(&source[found[0].2..found[0].2 + 5], "https");
        assert_eq!(&source[found[1].2..found[1].2 + 5], "https");
    }

    #[test]
    fn svelte_braces_and_interpolations() {
        let source = r#"<img src={'https://a.example.com/x.png'} srcset="https://b.example.com/{size}.png 2x" alt={title}>"#;
        let found = values(source, Dialect::Svelte);
        let pairs: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("srcset", "https://b.example.com/"),
                ("src", "https://a.example.com/x.png")
            ]
        );
        assert_eq!(&source[found[1].2..found[1].2 + 5], "https");
    }

    #[test]
    fn handlers_in_each_dialect() {
        let vue =
            r#"<button @click="track('x')" v-on:submit.prevent="save" :onclick="x" class="a">"#;
        let tag = first_tag(vue, Dialect::Vue);
        let code: Vec<&str> = handlers(&tag, Dialect::Vue)
            .iter()
            .map(|h| &vue[h.start..h.end])
            .collect();
        assert_eq!(code, ["track('x')", "save"]);
        let svelte = r#"<button on:click={() => fetch('https://a.example.com')} onclick={go}>"#;
        let tag = first_tag(svelte, Dialect::Svelte);
        let code: Vec<&str> = handlers(&tag, Dialect::Svelte)
            .iter()
            .map(|h| &svelte[h.start..h.end])
            .collect();
        assert_eq!(code, ["() => fetch('https://a.example.com')", "go"]);
    }
}
