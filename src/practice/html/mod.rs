//! HTML pages of Custom UI apps (`static/<app>/public/index.html`): what the
//! markup makes the browser fetch from other hosts, and the inline scripts that
//! run in the page.
//!
//! A browser contacts another host for `<script src>`, stylesheets, images,
//! frames, media, form targets, resource hints and CSS `url()`s (forge-facts.md
//! 1.1 and 4: each maps to a CSP directive fed by `permissions.external`).
//! Those become `network-call` observations. Inline `<script>` bodies go through
//! the JavaScript scanner, with positions moved into the HTML file, and vendor
//! snippet markers (`gtag(`) become `sdk` observations.
//!
//! Navigation (`<a href>`, `<meta http-equiv=refresh>`) is not a load and is
//! not reported. Relative URLs are same-origin unless a `<base href>` points
//! elsewhere.

mod text;
pub(in crate::practice) mod tokenizer;

use std::collections::BTreeMap;

use crate::lines::LineIndex;
use crate::model::{Channel, Fact, Location, Observation, ObservationKind, PageLoad, Side};
use crate::rulesets::{Catalogue, Vendor};

use text::{CssRef, Dest, css_urls, decode, destination, srcset_urls};
use tokenizer::{Tag, Token, Tokenizer};

/// Observations in one HTML file, sorted by (line, column, kind, detail).
///
/// `Err` only for files that are not HTML text (a NUL byte). A malformed page
/// never fails: the tokenizer recovers as a browser does. An inline script the
/// JavaScript parser rejects contributes its snippet markers but no
/// network calls, and does not fail the file.
pub fn scan_html(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let index = LineIndex::new(source);
    if let Some(nul) = source.find('\0') {
        let (line, column) = index.position(nul);
        return Err(format!(
            "NUL byte at {line}:{column}: binary content, not HTML text"
        ));
    }
    let mut page = Page::new(rel_path, side, catalogue, &index);
    for token in Tokenizer::new(source) {
        match token {
            Token::StartTag(tag) => page.start_tag(&tag),
            Token::RawText {
                element,
                text,
                start,
            } => page.raw_text(&element, text, start),
            Token::EndTag { .. } => {}
        }
    }
    Ok(page.finish())
}

/// What the last `<script>` start tag said about the body that follows it.
#[derive(Debug, Clone, Copy)]
struct ScriptTag {
    /// A `src` attribute makes the browser ignore the body.
    has_src: bool,
    /// The `type` says the body is JavaScript (classic or module).
    language: Option<Language>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Classic,
    Module,
}

/// The scan of one document: what its tags and raw text load. Single-file
/// components drive it with their own tokens (`practice::component`).
pub(in crate::practice) struct Page<'a> {
    rel_path: &'a str,
    side: Side,
    catalogue: &'a Catalogue,
    index: &'a LineIndex<'a>,
    /// The host and scheme of the first absolute `<base href>`, which relative
    /// URLs after it resolve against.
    base: Option<(String, String)>,
    script: Option<ScriptTag>,
    observations: Vec<Observation>,
}

/// `<link rel>` tokens that make the browser fetch or connect to `href`.
const LINK_RELS: &[&str] = &[
    "stylesheet",
    "preconnect",
    "dns-prefetch",
    "preload",
    "prefetch",
    "icon",
    "manifest",
    "modulepreload",
];

/// How an attribute names what it loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// One URL.
    Url,
    /// A `srcset` candidate list.
    Srcset,
}

impl<'a> Page<'a> {
    pub(in crate::practice) fn new(
        rel_path: &'a str,
        side: Side,
        catalogue: &'a Catalogue,
        index: &'a LineIndex<'a>,
    ) -> Self {
        Page {
            rel_path,
            side,
            catalogue,
            index,
            base: None,
            script: None,
            observations: Vec::new(),
        }
    }

    /// The text of a raw-text element: inline scripts and `<style>` sheets.
    pub(in crate::practice) fn raw_text(&mut self, element: &str, text: &str, start: usize) {
        match element {
            "script" => self.inline_script(text, start),
            "style" => self.css(text, |i| start + i, "<style>"),
            _ => {}
        }
    }

    /// Everything found, sorted by (line, column, kind, detail).
    pub(in crate::practice) fn finish(self) -> Vec<Observation> {
        let mut observations = self.observations;
        observations.sort_by(|a, b| {
            (a.location.line, a.location.column, a.kind, &a.detail).cmp(&(
                b.location.line,
                b.location.column,
                b.kind,
                &b.detail,
            ))
        });
        observations
    }

    /// Adds observations found elsewhere in the same file (a component's
    /// script blocks and handlers).
    pub(in crate::practice) fn extend(&mut self, found: impl IntoIterator<Item = Observation>) {
        self.observations.extend(found);
    }

    pub(in crate::practice) fn start_tag(&mut self, tag: &Tag<'_>) {
        if tag.name == "base" {
            self.base_href(tag);
        }
        if tag.name == "script" {
            self.script = Some(ScriptTag {
                has_src: tag.attr("src").is_some(),
                language: script_language(tag),
            });
        }
        let detail = |name: &str, attr: &str| format!("<{name} {attr}>");
        let mut loads: Vec<(&str, Form, String, PageLoad)> = Vec::new();
        match tag.name.as_str() {
            // A data block (`type=application/json`, templates) is never fetched.
            "script" if script_language(tag).is_some() => {
                loads.push(("src", Form::Url, detail("script", "src"), PageLoad::Script));
            }
            "link" => {
                if let Some(rel) = link_rel(tag) {
                    let load = match rel.as_str() {
                        "stylesheet" => PageLoad::Stylesheet,
                        "icon" => PageLoad::Image,
                        _ => PageLoad::Hint,
                    };
                    let what = format!("<link rel={rel}>");
                    loads.push(("href", Form::Url, what.clone(), load));
                    loads.push(("imagesrcset", Form::Srcset, what, load));
                }
            }
            "img" | "source" => {
                loads.push(("src", Form::Url, detail(&tag.name, "src"), PageLoad::Image));
                let srcset = detail(&tag.name, "srcset");
                loads.push(("srcset", Form::Srcset, srcset, PageLoad::Image));
            }
            "iframe" | "embed" => {
                loads.push(("src", Form::Url, detail(&tag.name, "src"), PageLoad::Frame));
            }
            "audio" | "track" => {
                loads.push(("src", Form::Url, detail(&tag.name, "src"), PageLoad::Media));
            }
            "video" => {
                loads.push(("src", Form::Url, detail("video", "src"), PageLoad::Media));
                let poster = detail("video", "poster");
                loads.push(("poster", Form::Url, poster, PageLoad::Image));
            }
            "input" => {
                if tag
                    .attr("type")
                    .is_some_and(|t| decode(t.raw).text.trim().eq_ignore_ascii_case("image"))
                {
                    loads.push(("src", Form::Url, detail("input", "src"), PageLoad::Image));
                }
                let action = detail("input", "formaction");
                loads.push(("formaction", Form::Url, action, PageLoad::Form));
            }
            "button" => {
                let action = detail("button", "formaction");
                loads.push(("formaction", Form::Url, action, PageLoad::Form));
            }
            "form" => loads.push((
                "action",
                Form::Url,
                detail("form", "action"),
                PageLoad::Form,
            )),
            "object" => loads.push(("data", Form::Url, detail("object", "data"), PageLoad::Frame)),
            _ => {}
        }
        for (attr_name, form, what, load) in loads {
            let Some(attr) = tag.attr(attr_name) else {
                continue;
            };
            let value = decode(attr.raw);
            let urls: Vec<(usize, &str)> = match form {
                Form::Url => vec![(0, value.text.as_str())],
                Form::Srcset => srcset_urls(&value.text),
            };
            for (at, url) in urls {
                // Point at the URL itself, past any leading whitespace.
                let lead = url.len() - url.trim_start().len();
                let offset = attr.value_start + value.raw_offset(at + lead);
                if let Some(obs) = self.network_call(url, &what, load, offset) {
                    let host = obs.host.clone();
                    self.observations.push(obs);
                    if tag.name == "script" {
                        self.script_src_sdk(url, host.as_deref(), offset);
                    }
                }
            }
        }
        if let Some(style) = tag.attr("style") {
            let value = decode(style.raw);
            let start = style.value_start;
            self.css(&value.text, |i| start + value.raw_offset(i), "style=");
        }
    }

    /// Records the first absolute `<base href>`; later ones are ignored, as in
    /// browsers.
    fn base_href(&mut self, tag: &Tag<'_>) {
        if self.base.is_some() {
            return;
        }
        if let Some(href) = tag.attr("href")
            && let Dest::Absolute { host, scheme } = destination(&decode(href.raw).text)
        {
            self.base = Some((host, scheme));
        }
    }

    /// A `network-call` for `url` when it leaves the page's origin.
    fn network_call(
        &self,
        url: &str,
        detail: &str,
        load: PageLoad,
        offset: usize,
    ) -> Option<Observation> {
        let (host, scheme) = match destination(url) {
            Dest::Absolute { host, scheme } => (host, scheme),
            Dest::Relative => self.base.clone()?,
            Dest::None => return None,
        };
        let mut obs = Observation::new(
            ObservationKind::NetworkCall,
            self.side,
            detail,
            self.location(offset),
        );
        if let Some(vendor) = self.catalogue.vendor_for_host(&host) {
            obs.vendor = Some(vendor.id.clone());
            obs.categories = vendor.categories.clone();
        }
        obs.host = Some(host);
        obs.scheme = Some(scheme);
        obs.fact = Fact::Call(Channel::Load(load));
        Some(obs)
    }

    /// A `<script src>` loads a vendor's SDK when its URL carries one of the
    /// vendor's snippet markers (`gtag/js?id=`), or else when the host is the
    /// vendor's.
    fn script_src_sdk(&mut self, url: &str, host: Option<&str>, offset: usize) {
        let found = marker_hits(self.catalogue, url);
        if !found.is_empty() {
            for (vendor, (_, marker)) in found {
                self.sdk(vendor, marker, offset);
            }
            return;
        }
        if let Some(vendor) = host.and_then(|h| self.catalogue.vendor_for_host(h))
            && !vendor.is_first_party()
        {
            // The query may carry keys or ids; the path names the SDK.
            let bare = url.trim();
            let bare = bare.split(['?', '#']).next().unwrap_or(bare);
            self.sdk(vendor, bare, offset);
        }
    }

    fn sdk(&mut self, vendor: &Vendor, detail: &str, offset: usize) {
        let mut obs = Observation::new(
            ObservationKind::Sdk,
            self.side,
            detail,
            self.location(offset),
        );
        obs.vendor = Some(vendor.id.clone());
        obs.categories = vendor.categories.clone();
        obs.fact = Fact::Snippet;
        self.observations.push(obs);
    }

    /// The body of a `<script>` without `src`: snippet markers in any script
    /// that runs (Partytown's `text/partytown` included), and the JavaScript
    /// scanner's findings for JavaScript bodies.
    fn inline_script(&mut self, body: &str, start: usize) {
        let Some(tag) = self.script.take() else {
            return;
        };
        if tag.has_src {
            return;
        }
        let Some(language) = tag.language else {
            return;
        };
        for (vendor, (at, marker)) in marker_hits(self.catalogue, body) {
            self.sdk(vendor, marker, start + at);
        }
        // The extension picks the parse goal: classic scripts are sloppy-mode
        // scripts, modules are strict modules.
        let virtual_path = match language {
            Language::Classic => format!("{}#inline.cjs", self.rel_path),
            Language::Module => format!("{}#inline.mjs", self.rel_path),
        };
        // A script the parser rejects is skipped rather than failing the page:
        // template placeholders (`<%= ... %>`) often make inline scripts invalid
        // JavaScript while the rest of the page is still worth scanning.
        let Ok(found) = crate::practice::scan_js(&virtual_path, body, self.side, self.catalogue)
        else {
            return;
        };
        let (first_line, first_column) = self.index.position(start);
        for mut obs in found {
            obs.location = shift(&obs.location, self.rel_path, first_line, first_column);
            self.observations.push(obs);
        }
    }

    /// `url()` and `@import` loads in CSS; `at` maps an offset in `css` to the file.
    fn css(&mut self, css: &str, at: impl Fn(usize) -> usize, context: &str) {
        for (i, url, how) in css_urls(css) {
            let (detail, load) = match how {
                CssRef::Import => (format!("{context} @import"), PageLoad::Stylesheet),
                CssRef::Url => (format!("{context} url()"), PageLoad::CssUrl),
            };
            if let Some(obs) = self.network_call(url, &detail, load, at(i)) {
                self.observations.push(obs);
            }
        }
    }

    fn location(&self, offset: usize) -> Location {
        let (line, column) = self.index.position(offset);
        Location::new(self.rel_path, line, Some(column))
    }
}

/// Moves a location inside a script body to the HTML file: the body's first
/// line starts at (`first_line`, `first_column`); later lines keep their columns.
fn shift(location: &Location, rel_path: &str, first_line: u32, first_column: u32) -> Location {
    let line = first_line.saturating_add(location.line.saturating_sub(1));
    let column = match location.column {
        Some(c) if location.line <= 1 => Some(first_column.saturating_add(c.saturating_sub(1))),
        other => other,
    };
    Location::new(rel_path, line, column)
}

/// The earliest snippet marker of each non-Atlassian vendor found in `text`,
/// by vendor id: (vendor, (offset, marker)).
fn marker_hits<'c>(catalogue: &'c Catalogue, text: &str) -> Vec<(&'c Vendor, (usize, &'c str))> {
    let mut first: BTreeMap<&str, (&Vendor, (usize, &str))> = BTreeMap::new();
    for (marker, vendor) in catalogue.markers() {
        if marker.is_empty() || vendor.is_first_party() {
            continue;
        }
        let Some(at) = text.find(marker) else {
            continue;
        };
        let entry = first
            .entry(vendor.id.as_str())
            .or_insert((vendor, (at, marker)));
        if at < entry.1.0 {
            *entry = (vendor, (at, marker));
        }
    }
    first.into_values().collect()
}

/// Whether a `<script>`'s `type` makes it run, and how. Absent, empty and the
/// JavaScript MIME types are classic scripts; `module` is a module; Partytown's
/// `text/partytown` runs the snippet in a worker, so it counts as classic.
/// Anything else (`application/json`, `text/template`, `importmap`) is data.
fn script_language(tag: &Tag<'_>) -> Option<Language> {
    let Some(attr) = tag.attr("type") else {
        return Some(Language::Classic);
    };
    let kind = decode(attr.raw).text.trim().to_ascii_lowercase();
    let javascript = kind.is_empty()
        || kind == "text/partytown"
        || matches!(
            kind.strip_prefix("text/")
                .or_else(|| kind.strip_prefix("application/")),
            Some(
                "javascript"
                    | "ecmascript"
                    | "x-javascript"
                    | "x-ecmascript"
                    | "jscript"
                    | "livescript"
                    | "javascript1.0"
                    | "javascript1.1"
                    | "javascript1.2"
                    | "javascript1.3"
                    | "javascript1.4"
                    | "javascript1.5"
            )
        );
    if javascript {
        Some(Language::Classic)
    } else if kind == "module" {
        Some(Language::Module)
    } else {
        None
    }
}

/// The first `rel` token that makes a `<link>` fetch (`shortcut icon` -> `icon`).
fn link_rel(tag: &Tag<'_>) -> Option<String> {
    let rel = decode(tag.attr("rel")?.raw).text.to_ascii_lowercase();
    rel.split_ascii_whitespace()
        .find(|token| LINK_RELS.contains(token))
        .map(str::to_string)
}

#[cfg(test)]
mod tests;
