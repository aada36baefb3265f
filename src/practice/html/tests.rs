//! Behaviour of `scan_html` on realistic and adversarial pages.

use super::*;
use crate::model::ObservationKind as K;

fn catalogue() -> Catalogue {
    Catalogue::from_vendors(vec![
        Vendor {
            id: "google-analytics".into(),
            name: "Google Analytics".into(),
            categories: vec!["analytics".into()],
            hosts: vec!["*.google-analytics.com".into()],
            markers: vec!["gtag(".into(), "gtag/js?id=".into()],
            ..Default::default()
        },
        Vendor {
            id: "google-tag-manager".into(),
            name: "Google Tag Manager".into(),
            categories: vec!["analytics".into()],
            hosts: vec!["*.googletagmanager.com".into()],
            markers: vec!["gtm.start".into()],
            ..Default::default()
        },
        Vendor {
            id: "sentry".into(),
            name: "Sentry".into(),
            categories: vec!["error-tracking".into()],
            hosts: vec!["browser.sentry-cdn.com".into()],
            ..Default::default()
        },
        Vendor {
            id: "atlassian".into(),
            name: "Atlassian".into(),
            categories: vec!["atlassian".into()],
            hosts: vec!["*.atlassian.com".into()],
            markers: vec!["AP.".into()],
            ..Default::default()
        },
    ])
}

fn scan(src: &str) -> Vec<Observation> {
    scan_html(
        "static/app/public/index.html",
        src,
        Side::Frontend,
        &catalogue(),
    )
    .unwrap()
}

/// (kind, detail, host, line, column) in output order.
type Row = (K, String, Option<String>, u32, u32);

fn rows(src: &str) -> Vec<Row> {
    scan(src)
        .into_iter()
        .map(|o| {
            (
                o.kind,
                o.detail,
                o.host,
                o.location.line,
                o.location.column.unwrap_or(0),
            )
        })
        .collect()
}

fn net(detail: &str, host: &str, line: u32, column: u32) -> Row {
    (
        K::NetworkCall,
        detail.into(),
        Some(host.into()),
        line,
        column,
    )
}

fn sdk(detail: &str, line: u32, column: u32) -> Row {
    (K::Sdk, detail.into(), None, line, column)
}

/// Hosts of the network calls, in output order.
fn hosts(src: &str) -> Vec<String> {
    scan(src)
        .into_iter()
        .filter(|o| o.kind == K::NetworkCall)
        .filter_map(|o| o.host)
        .collect()
}

#[test]
fn every_quoting_style_gives_the_host_and_the_column_of_the_url() {
    let src = "<img src=\"https://a.example/x.png\"><iframe src='https://b.example/'>\
               </iframe><embed src=https://c.example/e hidden><object data = \"http://d.example/o\">";
    assert_eq!(
        rows(src),
        [
            net("<img src>", "a.example", 1, 11),
            net("<iframe src>", "b.example", 1, 49),
            net("<embed src>", "c.example", 1, 89),
            net("<object data>", "d.example", 1, 132),
        ]
    );
    let found = scan(src);
    assert_eq!(found[0].scheme.as_deref(), Some("https"));
    assert_eq!(found[3].scheme.as_deref(), Some("http"));
    assert_eq!(found[0].side, Side::Frontend);
    assert_eq!(found[0].location.path, "static/app/public/index.html");
}

#[test]
fn upper_case_tags_and_attributes_are_recognised() {
    let src = "<SCRIPT SRC=\"https://CDN.Example.com:8443/lib.js\"></SCRIPT>\n\
               <LINK REL=\"StyleSheet\" HREF=\"https://styles.example/a.css\">";
    assert_eq!(
        rows(src),
        [
            net("<script src>", "cdn.example.com", 1, 14),
            net("<link rel=stylesheet>", "styles.example", 2, 30),
        ]
    );
}

#[test]
fn markup_inside_scripts_and_comments_is_not_loaded() {
    let src = r#"<!-- <img src="https://commented.example/x.png"> -->
<script>
  var html = '</div><img src="https://in-string.example/p.png">';
  document.write("<scr" + "ipt src='https://written.example/x.js'></scr" + "ipt>");
  fetch("https://api.example/data");
</script>
<img src="https://after.example/a.png">"#;
    assert_eq!(
        rows(src),
        [
            net("fetch", "api.example", 5, 3),
            net("<img src>", "after.example", 7, 11),
        ]
    );
}

#[test]
fn protocol_relative_urls_are_https() {
    let found = scan("<link rel=preconnect href=//fonts.example.net>");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].detail, "<link rel=preconnect>");
    assert_eq!(found[0].host.as_deref(), Some("fonts.example.net"));
    assert_eq!(found[0].scheme.as_deref(), Some("https"));
}

#[test]
fn every_absolute_srcset_candidate_is_a_load() {
    let src = "<img srcset=\"small.png 1x, https://cdn.example/m.png 2x,//img.example/l.png 3x\">";
    assert_eq!(
        rows(src),
        [
            net("<img srcset>", "cdn.example", 1, 28),
            net("<img srcset>", "img.example", 1, 57),
        ]
    );
}

#[test]
fn relative_urls_links_and_navigation_are_not_loads() {
    let src = r#"<a href="https://docs.example/help">help</a>
<img src="/static/logo.png"><script src="./main.js"></script>
<link rel="canonical" href="https://site.example/">
<meta http-equiv="refresh" content="0;url=https://away.example/">
<img src="data:image/png;base64,AAAA"><iframe src="javascript:void(0)"></iframe>
<script type="application/ld+json" src="https://json.example/x"></script>"#;
    assert_eq!(rows(src), []);
}

#[test]
fn a_base_href_sends_relative_loads_to_its_host() {
    let src = "<img src=a.png><base href=\"https://cdn.example/app/\"><img src=b.png>\
               <base href=\"https://ignored.example/\"><img src=\"/c.png\">";
    assert_eq!(hosts(src), ["cdn.example", "cdn.example"]);
}

#[test]
fn an_inline_gtag_snippet_points_into_the_html_file() {
    let src = r#"<!doctype html>
<html>
<head>
  <script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>
  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
    gtag('config', 'G-ABC123');
  </script><script>fetch('https://www.google-analytics.com/g/collect')</script>
</head>"#;
    let found = scan(src);
    let summary: Vec<Row> = found
        .iter()
        .map(|o| {
            (
                o.kind,
                o.detail.clone(),
                o.host.clone(),
                o.location.line,
                o.location.column.unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            net("<script src>", "www.googletagmanager.com", 4, 22),
            sdk("gtag/js?id=", 4, 22),
            sdk("gtag(", 7, 14),
            net("fetch", "www.google-analytics.com", 10, 20),
        ]
    );
    // The script host is Tag Manager's, the marker says Google Analytics.
    assert_eq!(found[0].vendor.as_deref(), Some("google-tag-manager"));
    assert_eq!(found[1].vendor.as_deref(), Some("google-analytics"));
    assert_eq!(found[2].vendor.as_deref(), Some("google-analytics"));
    assert_eq!(found[3].categories, vec!["analytics".to_string()]);
}

#[test]
fn a_vendor_script_without_a_marker_is_its_sdk_by_host() {
    let src = "<script src=\"https://browser.sentry-cdn.com/8.0.0/bundle.min.js?key=abc\"\
               ></script><script src=https://x.atlassian.com/all.js></script>";
    let found = scan(src);
    let sdks: Vec<(&str, Option<&str>)> = found
        .iter()
        .filter(|o| o.kind == K::Sdk)
        .map(|o| (o.detail.as_str(), o.vendor.as_deref()))
        .collect();
    // The query (which may hold keys) is dropped; Atlassian is first party.
    assert_eq!(
        sdks,
        [(
            "https://browser.sentry-cdn.com/8.0.0/bundle.min.js",
            Some("sentry")
        )]
    );
    let atlassian = found
        .iter()
        .find(|o| o.host.as_deref() == Some("x.atlassian.com"));
    assert_eq!(
        atlassian.and_then(|o| o.vendor.as_deref()),
        Some("atlassian")
    );
}

#[test]
fn crlf_line_endings_count_as_one_line_break() {
    let src = "<html>\r\n<body>\r\n  <img\r\n    src=\"https://a.example/x\">\r\n<script>\r\nfetch('https://b.example/')</script>";
    assert_eq!(
        rows(src),
        [
            net("<img src>", "a.example", 4, 10),
            net("fetch", "b.example", 6, 1),
        ]
    );
}

#[test]
fn columns_count_utf16_units_of_non_ascii_text() {
    // "é" is one UTF-16 unit, "🙂" two.
    let src = "<p>é🙂</p><img src=\"https://a.example/x\"><script>/*🙂*/fetch('https://b.example')</script>";
    assert_eq!(
        rows(src),
        [
            net("<img src>", "a.example", 1, 21),
            net("fetch", "b.example", 1, 56),
        ]
    );
}

#[test]
fn character_references_in_urls_are_decoded() {
    let src = "<script src=\"https:&#x2F;&#x2F;cdn.example/a.js?x=1&amp;y=2\"></script>\
               <img src='&#104;ttps://img.example/p'>";
    assert_eq!(hosts(src), ["cdn.example", "img.example"]);
}

#[test]
fn link_rel_decides_whether_href_is_fetched() {
    let src = r#"<link rel="shortcut icon" href="https://a.example/f.ico">
<link rel="alternate" href="https://b.example/feed">
<link rel="preload" as="image" href="https://c.example/i.png" imagesrcset="https://d.example/i2.png 2x">
<link rel=dns-prefetch href=https://e.example>"#;
    let found: Vec<(String, Option<String>)> =
        scan(src).into_iter().map(|o| (o.detail, o.host)).collect();
    let expect = |d: &str, h: &str| (d.to_string(), Some(h.to_string()));
    assert_eq!(
        found,
        [
            expect("<link rel=icon>", "a.example"),
            expect("<link rel=preload>", "c.example"),
            expect("<link rel=preload>", "d.example"),
            expect("<link rel=dns-prefetch>", "e.example"),
        ]
    );
}

#[test]
fn css_imports_and_urls_in_style_elements_and_attributes_are_loads() {
    let src = "<style>\n@import url('https://fonts.example/css?family=Inter');\n\
               /* url(https://no.example/) */</style>\
               <div style=\"background: url(&quot;https://bg.example/a.png&quot;)\"></div>";
    assert_eq!(
        rows(src),
        [
            net("<style> @import", "fonts.example", 2, 14),
            net("style= url()", "bg.example", 3, 73),
        ]
    );
}

#[test]
fn media_forms_and_sources() {
    let src = r#"<video src="https://v.example/a.mp4" poster="https://p.example/a.jpg">
<source src="https://s.example/a.webm" srcset="https://t.example/x.png"></video>
<audio src=https://au.example/a.mp3></audio><track src=https://tr.example/c.vtt>
<form action="https://forms.example/submit"><button formaction="https://btn.example/">x</button>
<input type=image src="https://in.example/b.png"></form>"#;
    assert_eq!(
        hosts(src),
        [
            "v.example",
            "p.example",
            "s.example",
            "t.example",
            "au.example",
            "tr.example",
            "forms.example",
            "btn.example",
            "in.example",
        ]
    );
}

#[test]
fn module_scripts_are_scanned_and_data_blocks_are_not() {
    let src = r#"<script type="module">import x from './x.js'; fetch('https://m.example/');</script>
<script type="application/json">{"u": "https://j.example/", "gtag(": 1}</script>
<script type="text/template"><img src="https://t.example/"></script>"#;
    assert_eq!(hosts(src), ["m.example"]);
}

#[test]
fn an_inline_script_the_parser_rejects_keeps_its_markers_only() {
    let src = "<script>\n  gtag('config', '<%= GA_ID %>'); fetch(<%= url %>);\n</script>\
               <img src=https://after.example/>";
    let found = rows(src);
    assert_eq!(
        found,
        [sdk("gtag(", 2, 3), net("<img src>", "after.example", 3, 19),]
    );
}

#[test]
fn cut_off_tags_comments_and_scripts_at_the_end_do_not_panic() {
    // A tag the file cuts off is dropped, as browsers drop it.
    assert_eq!(
        hosts("<img src=\"https://a.example/x.png"),
        Vec::<String>::new()
    );
    assert_eq!(
        hosts("<img src=https://a.example/x.png"),
        Vec::<String>::new()
    );
    assert_eq!(
        hosts("<img src=https://a.example/><!-- <img src=https://b.example/>"),
        ["a.example"]
    );
    // An unterminated script body is still read: its intent is plain.
    assert_eq!(hosts("<script>fetch('https://c.example/x')"), ["c.example"]);
    for src in [
        "<", "<!", "<!--", "</", "<a", "<a b", "<a b=", "<a b='", "<script", "<style>",
    ] {
        assert!(scan(src).is_empty(), "{src:?}");
    }
}

#[test]
fn a_binary_file_is_refused_with_a_position() {
    let err = scan_html("x.html", "<p>\n a\0", Side::Frontend, &catalogue());
    assert_eq!(
        err,
        Err("NUL byte at 2:3: binary content, not HTML text".to_string())
    );
}
