use super::*;
use crate::rulesets::Vendor;

fn catalogue() -> Catalogue {
    let vendor = |id: &str, cat: &str, crates: &[&str], hosts: &[&str]| Vendor {
        id: id.into(),
        name: id.into(),
        organisation: id.into(),
        categories: vec![cat.into()],
        crates: crates.iter().map(|c| c.to_string()).collect(),
        hosts: hosts.iter().map(|h| h.to_string()).collect(),
        ..Default::default()
    };
    Catalogue::from_vendors(vec![
        vendor(
            "sentry",
            "error-tracking",
            &["sentry", "sentry-*"],
            &["*.sentry.io"],
        ),
        vendor("mixpanel", "analytics", &[], &["api.mixpanel.com"]),
        vendor("segment", "analytics", &[], &["api.segment.io"]),
        vendor(
            "aws-s3",
            "external-storage",
            &["aws-sdk-s3"],
            &["*.amazonaws.com"],
        ),
    ])
}

type Seen = (
    ObservationKind,
    String,
    Option<String>,
    Option<String>,
    u32,
    u32,
);

fn scan(source: &str) -> Vec<Seen> {
    scan_rust("remote/src/main.rs", source, Side::Remote, &catalogue())
        .unwrap()
        .into_iter()
        .map(|o| {
            assert_eq!(o.side, Side::Remote);
            (
                o.kind,
                o.detail,
                o.host,
                o.vendor,
                o.location.line,
                o.location.column.unwrap(),
            )
        })
        .collect()
}

fn net(detail: &str, host: Option<&str>, vendor: Option<&str>, line: u32, col: u32) -> Seen {
    (
        ObservationKind::NetworkCall,
        detail.into(),
        host.map(Into::into),
        vendor.map(Into::into),
        line,
        col,
    )
}

fn sdk(detail: &str, vendor: &str, line: u32, col: u32) -> Seen {
    (
        ObservationKind::Sdk,
        detail.into(),
        None,
        Some(vendor.into()),
        line,
        col,
    )
}

#[test]
fn aliased_use_const_urls_and_format_urls() {
    let src = r#"use reqwest as http;
use sentry::{self, ClientOptions};

const TRACK_URL: &str = "https://api.mixpanel.com/track";
static BASE: &str = "https://api.segment.io";

async fn report(client: &http::Client, id: &str) -> anyhow::Result<()> {
    http::get(TRACK_URL).await?;
    client.post(format!("{}/v1/track", BASE)).send().await?;
    client.get(format!("https://{id}.example.com/x")).send().await?;
    let url = format!("https://api.mixpanel.com/engage?id={id}");
    client.put(&url).send().await?;
    Ok(())
}
"#;
    assert_eq!(
        scan(src),
        vec![
            sdk("sentry", "sentry", 2, 5),
            sdk("sentry::ClientOptions", "sentry", 2, 5),
            net(
                "reqwest::get",
                Some("api.mixpanel.com"),
                Some("mixpanel"),
                8,
                5
            ),
            net(
                "client.post",
                Some("api.segment.io"),
                Some("segment"),
                9,
                12
            ),
            // A host computed at run time is still a network call.
            net("client.get", None, None, 10, 12),
            net(
                "client.put",
                Some("api.mixpanel.com"),
                Some("mixpanel"),
                12,
                12
            ),
        ]
    );
}

#[test]
fn clients_from_let_bindings_and_struct_fields() {
    let src = r#"use reqwest::Client;
struct Api { http: reqwest::Client }
impl Api {
    async fn send(&self, target: String) {
        let c = Client::new();
        let _ = c.get(target.clone()).send().await;
        let _ = self.http.delete(target).send().await;
        let _ = Client::new().head("https://api.segment.io/ping").send().await;
        let map = std::collections::HashMap::<String, String>::new();
        let _ = map.get("https://not-a-request.example.com");
    }
}
"#;
    let found = scan(src);
    let details: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|s| (s.1.as_str(), s.2.as_deref()))
        .collect();
    assert_eq!(
        details,
        vec![
            ("c.get", None),
            ("self.http.delete", None),
            ("Client::new().head", Some("api.segment.io")),
            // A URL literal in a file that uses an HTTP client is taken as a
            // request even on an unknown receiver: the lesser evil.
            ("map.get", Some("not-a-request.example.com")),
        ]
    );
}

#[test]
fn sentry_init_and_aws_clients_are_sdks() {
    let src = r#"fn main() {
    let _guard = sentry::init(("https://k@o1.ingest.sentry.io/2", sentry::ClientOptions::default()));
    let _g2 = sentry::init(sentry::ClientOptions { dsn: "https://k@o3.ingest.sentry.io/4".parse().ok(), ..Default::default() });
    sentry::init(std::env::var("SENTRY_DSN").ok());
    let s3 = aws_sdk_s3::Client::new(&config);
    println!("{:?}", ureq::get("http://api.segment.io/x").call());
}
"#;
    assert_eq!(
        scan(src),
        vec![
            net(
                "sentry::init",
                Some("o1.ingest.sentry.io"),
                Some("sentry"),
                2,
                18
            ),
            net(
                "sentry::init",
                Some("o3.ingest.sentry.io"),
                Some("sentry"),
                3,
                15
            ),
            sdk("sentry::init", "sentry", 4, 5),
            sdk("aws_sdk_s3::Client::new", "aws-s3", 5, 14),
            // Inside a macro body.
            net("ureq::get", Some("api.segment.io"), Some("segment"), 6, 22),
        ]
    );
}

#[test]
fn a_file_that_does_not_parse_names_line_and_column() {
    let err = scan_rust(
        "remote/src/lib.rs",
        "fn ok() {}\n\nfn broken( {\n",
        Side::Remote,
        &catalogue(),
    )
    .unwrap_err();
    assert!(err.starts_with("syntax error at 3:"), "{err}");
    // The thread's span table was cleared: a second file parses from scratch.
    assert_eq!(scan("fn main() {}\n"), vec![]);
}

#[test]
fn scheme_and_host_are_read_from_urls() {
    assert_eq!(
        split_url("HTTPS://user:pw@API.Example.com:8443/x"),
        Some(("https".into(), Some("api.example.com".into())))
    );
    assert_eq!(split_url("wss://{}/socket"), Some(("wss".into(), None)));
    assert_eq!(split_url("ftp://x.example.com"), None);
    assert_eq!(split_url("/relative"), None);
    // IPv6 hosts in the form the manifest's egress entries are compared in.
    assert_eq!(
        split_url("https://[2001:DB8::1]:8443/x"),
        Some(("https".into(), Some("2001:db8::1".into())))
    );
}
