use super::*;

fn catalogue() -> Catalogue {
    let vendor = |id: &str, packages: &[&str], crates: &[&str]| Vendor {
        id: id.into(),
        name: id.into(),
        organisation: id.into(),
        categories: vec![
            if id == "atlassian" {
                "atlassian"
            } else {
                "analytics"
            }
            .into(),
        ],
        packages: packages.iter().map(|p| p.to_string()).collect(),
        crates: crates.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    };
    Catalogue::from_vendors(vec![
        vendor("sentry", &["@sentry/*"], &["sentry", "sentry-*"]),
        vendor("posthog", &["posthog-node"], &[]),
        vendor("mixpanel", &["mixpanel"], &[]),
        vendor("atlassian", &["@forge/*"], &[]),
    ])
}

/// Writes the lockfile (and the manifest beside it, if any) to a temporary
/// folder and scans it; returns (detail, side, line).
fn scan(name: &str, lock: &str, manifest: Option<(&str, &str)>) -> Vec<(String, Side, u32)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, lock).unwrap();
    if let Some((file, text)) = manifest {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    scan_lockfile(name, &path, lock, Side::Backend, &catalogue())
        .unwrap()
        .into_iter()
        .map(|o| (o.detail, o.side, o.location.line))
        .collect()
}

fn line_of(text: &str, needle: &str) -> u32 {
    text[..text.find(needle).unwrap()].matches('\n').count() as u32 + 1
}

const NPM_V3: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "name": "app",
      "dependencies": { "@acme/logger": "^1.0.0", "@sentry/browser": "^8.0.0", "@forge/api": "^5" },
      "devDependencies": { "jest": "^29" }
    },
    "node_modules/@acme/logger": {
      "version": "1.0.0",
      "dependencies": { "@sentry/node": "^8.0.0", "mixpanel": "^2" }
    },
    "node_modules/@acme/logger/node_modules/mixpanel": { "version": "2.0.0" },
    "node_modules/mixpanel": { "version": "1.0.0", "dev": true },
    "node_modules/@sentry/node": {
      "version": "8.0.0",
      "dependencies": { "@sentry/core": "8.0.0", "@forge/util": "1" }
    },
    "node_modules/@sentry/core": { "version": "8.0.0" },
    "node_modules/@sentry/browser": { "version": "8.0.0", "dependencies": { "@sentry/core": "8.0.0" } },
    "node_modules/@forge/util": { "version": "1.0.0" },
    "node_modules/jest": { "version": "29.0.0", "dev": true, "dependencies": { "posthog-node": "3" } },
    "node_modules/posthog-node": { "version": "3.0.0", "dev": true }
  }
}"#;

#[test]
fn npm_v3_chains_through_two_packages_and_marks_dev_only_chains() {
    let found = scan("package-lock.json", NPM_V3, None);
    assert_eq!(
        found,
        vec![
            (
                "mixpanel (transitive: @acme/logger > mixpanel)".to_string(),
                Side::Backend,
                line_of(
                    NPM_V3,
                    "\"node_modules/@acme/logger/node_modules/mixpanel\""
                )
            ),
            (
                "@sentry/node (transitive: @acme/logger > @sentry/node)".into(),
                Side::Backend,
                line_of(NPM_V3, "\"node_modules/@sentry/node\"")
            ),
            (
                // Reached from the declared @sentry/browser in one step.
                "@sentry/core (transitive: @sentry/browser > @sentry/core)".into(),
                Side::Backend,
                line_of(NPM_V3, "\"node_modules/@sentry/core\"")
            ),
            (
                "posthog-node (transitive: jest > posthog-node)".into(),
                Side::Dev,
                line_of(NPM_V3, "\"node_modules/posthog-node\"")
            ),
        ]
    );
}

#[test]
fn npm_v2_reads_packages_and_ignores_the_legacy_tree() {
    let lock = r#"{"lockfileVersion": 2,
"packages": {"": {"dependencies": {"a": "1"}},
"node_modules/a": {"dependencies": {"@sentry/node": "8"}},
"node_modules/@sentry/node": {}},
"dependencies": {"a": {"requires": {"@sentry/node": "8"}}, "@sentry/node": {}}}"#;
    let found = scan("package-lock.json", lock, None);
    assert_eq!(
        found,
        vec![(
            "@sentry/node (transitive: a > @sentry/node)".to_string(),
            Side::Backend,
            4
        )]
    );
}

#[test]
fn npm_v1_resolves_nested_trees_with_and_without_package_json() {
    let lock = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": { "@sentry/node": "^8" },
      "dependencies": {
        "@sentry/node": { "version": "8.0.0", "requires": { "@sentry/core": "8" } }
      }
    },
    "@sentry/core": { "version": "8.0.0" },
    "jest": { "version": "29.0.0", "dev": true, "requires": { "posthog-node": "3" } },
    "posthog-node": { "version": "3.0.0", "dev": true }
  }
}"#;
    let expected = vec![
        (
            "@sentry/node (transitive: a > @sentry/node)".to_string(),
            Side::Backend,
            8,
        ),
        (
            "@sentry/core (transitive: a > @sentry/node > @sentry/core)".into(),
            Side::Backend,
            11,
        ),
        (
            "posthog-node (transitive: jest > posthog-node)".into(),
            Side::Dev,
            13,
        ),
    ];
    assert_eq!(scan("package-lock.json", lock, None), expected);
    let manifest = r#"{"dependencies": {"a": "1"}, "devDependencies": {"jest": "29"}}"#;
    assert_eq!(
        scan("package-lock.json", lock, Some(("package.json", manifest))),
        expected
    );
}

const YARN_V1: &str = r#"# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@acme/logger@^1.0.0":
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/@acme/logger/-/logger-1.0.0.tgz"
  dependencies:
    "@sentry/node" "^8.0.0"

"@sentry/core@8.0.0":
  version "8.0.0"

"@sentry/node@^8.0.0", "@sentry/node@^8.1.0":
  version "8.1.0"
  dependencies:
    "@sentry/core" "8.0.0"
    tslib "^2.4.1"

jest@^29:
  version "29.0.0"
  dependencies:
    posthog-node "^3"

posthog-node@^3:
  version "3.0.0"

tslib@^2.4.1:
  version "2.6.0"
"#;

#[test]
fn yarn_classic_starts_from_package_json() {
    let manifest =
        r#"{"dependencies": {"@acme/logger": "^1.0.0"}, "devDependencies": {"jest": "^29"}}"#;
    assert_eq!(
        scan("yarn.lock", YARN_V1, Some(("package.json", manifest))),
        vec![
            (
                "@sentry/core (transitive: @acme/logger > @sentry/node > @sentry/core)".to_string(),
                Side::Backend,
                11
            ),
            (
                "@sentry/node (transitive: @acme/logger > @sentry/node)".into(),
                Side::Backend,
                14
            ),
            (
                "posthog-node (transitive: jest > posthog-node)".into(),
                Side::Dev,
                25
            ),
        ]
    );
    // Without package.json the unreferenced entries are the roots; nothing is
    // known to be development-only.
    let found = scan("yarn.lock", YARN_V1, None);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|(_, side, _)| *side == Side::Backend));
}

const YARN_BERRY: &str = r#"# This file is generated by running "yarn install" inside your project.

__metadata:
  version: 8
  cacheKey: 10c0

"@acme/logger@npm:^1.0.0":
  version: 1.0.0
  resolution: "@acme/logger@npm:1.0.0"
  dependencies:
    "@sentry/node": "npm:^8.0.0"
  languageName: node
  linkType: hard

"@sentry/node@npm:^8.0.0":
  version: 8.1.0
  resolution: "@sentry/node@npm:8.1.0"
  peerDependencies:
    mixpanel: ^2
  languageName: node
  linkType: hard

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    "@acme/logger": "npm:^1.0.0"
    jest: "npm:^29"
  languageName: unknown
  linkType: soft

"jest@npm:^29":
  version: 29.0.0
  dependencies:
    posthog-node: ^3
  languageName: node
  linkType: hard

"posthog-node@npm:^3":
  version: 3.0.0
  languageName: node
  linkType: hard
"#;

#[test]
fn a_utf16_package_json_beside_the_lockfile_still_marks_dev_chains() {
    let manifest =
        r#"{"dependencies": {"@acme/logger": "^1.0.0"}, "devDependencies": {"jest": "^29"}}"#;
    let from_utf8 = scan("yarn.lock", YARN_V1, Some(("package.json", manifest)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yarn.lock");
    std::fs::write(&path, YARN_V1).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(manifest.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("package.json"), utf16).unwrap();
    let from_utf16: Vec<(String, Side, u32)> =
        scan_lockfile("yarn.lock", &path, YARN_V1, Side::Backend, &catalogue())
            .unwrap()
            .into_iter()
            .map(|o| (o.detail, o.side, o.location.line))
            .collect();
    assert!(from_utf16.iter().any(|(_, side, _)| *side == Side::Dev));
    assert_eq!(from_utf16, from_utf8);
}

#[test]
fn yarn_berry_starts_from_the_workspace_entry() {
    let manifest =
        r#"{"dependencies": {"@acme/logger": "^1.0.0"}, "devDependencies": {"jest": "^29"}}"#;
    assert_eq!(
        scan("yarn.lock", YARN_BERRY, Some(("package.json", manifest))),
        vec![
            (
                "@sentry/node (transitive: @acme/logger > @sentry/node)".to_string(),
                Side::Backend,
                15
            ),
            (
                "posthog-node (transitive: jest > posthog-node)".into(),
                Side::Dev,
                39
            ),
        ]
    );
}

const PNPM_V9: &str = r#"lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      '@acme/logger':
        specifier: ^1.0.0
        version: 1.0.0(react@18.3.1)
    devDependencies:
      jest:
        specifier: ^29
        version: 29.0.0

packages:

  '@acme/logger@1.0.0':
    resolution: {integrity: sha512-abc}
    peerDependencies:
      react: '>=18'

  '@sentry/core@8.0.0':
    resolution: {integrity: sha512-def}

  '@sentry/node@8.0.0':
    resolution: {integrity: sha512-ghi}

  jest@29.0.0:
    resolution: {integrity: sha512-jkl}

  posthog-node@3.0.0:
    resolution: {integrity: sha512-mno}

  react@18.3.1:
    resolution: {integrity: sha512-pqr}

snapshots:

  '@acme/logger@1.0.0(react@18.3.1)':
    dependencies:
      '@sentry/node': 8.0.0
      react: 18.3.1

  '@sentry/core@8.0.0': {}

  '@sentry/node@8.0.0':
    dependencies:
      '@sentry/core': 8.0.0

  jest@29.0.0:
    optionalDependencies:
      posthog-node: 3.0.0

  posthog-node@3.0.0: {}

  react@18.3.1: {}
"#;

#[test]
fn pnpm_9_joins_snapshots_to_their_package_entries() {
    assert_eq!(
        scan("pnpm-lock.yaml", PNPM_V9, None),
        vec![
            (
                "@sentry/core (transitive: @acme/logger > @sentry/node > @sentry/core)".to_string(),
                Side::Backend,
                line_of(PNPM_V9, "'@sentry/core@8.0.0':")
            ),
            (
                "@sentry/node (transitive: @acme/logger > @sentry/node)".into(),
                Side::Backend,
                line_of(PNPM_V9, "'@sentry/node@8.0.0':")
            ),
            (
                "posthog-node (transitive: jest > posthog-node)".into(),
                Side::Dev,
                line_of(PNPM_V9, "posthog-node@3.0.0:")
            ),
        ]
    );
}

#[test]
fn pnpm_6_and_5_single_project_layouts() {
    let v6 = r#"lockfileVersion: '6.0'

dependencies:
  '@acme/logger':
    specifier: ^1.0.0
    version: 1.0.0

devDependencies:
  jest:
    specifier: ^29
    version: 29.0.0

packages:

  /@acme/logger@1.0.0:
    resolution: {integrity: sha512-abc}
    dependencies:
      '@sentry/node': 8.0.0(react@18.3.1)
    dev: false

  /@sentry/node@8.0.0(react@18.3.1):
    resolution: {integrity: sha512-ghi}
    dev: false

  /jest@29.0.0:
    dependencies:
      posthog-node: 3.0.0
    dev: true

  /posthog-node@3.0.0:
    dev: true
"#;
    assert_eq!(
        scan("pnpm-lock.yaml", v6, None),
        vec![
            (
                "@sentry/node (transitive: @acme/logger > @sentry/node)".to_string(),
                Side::Backend,
                21
            ),
            (
                "posthog-node (transitive: jest > posthog-node)".into(),
                Side::Dev,
                30
            ),
        ]
    );
    let v5 = r#"lockfileVersion: 5.4

specifiers:
  '@acme/logger': ^1.0.0

dependencies:
  '@acme/logger': 1.0.0

packages:

  /@acme/logger/1.0.0:
    dependencies:
      '@sentry/node': 8.0.0_react@18.3.1
    dev: false

  /@sentry/node/8.0.0_react@18.3.1:
    dev: false
"#;
    assert_eq!(
        scan("pnpm-lock.yaml", v5, None),
        vec![(
            "@sentry/node (transitive: @acme/logger > @sentry/node)".to_string(),
            Side::Backend,
            16
        )]
    );
}

const CARGO_LOCK: &str = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "remote"
version = "0.1.0"
dependencies = [
 "observability",
 "sentry",
 "test-kit",
]

[[package]]
name = "observability"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "sentry-core 0.34.0 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "sentry"
version = "0.34.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["sentry-core 0.34.0"]

[[package]]
name = "sentry-core"
version = "0.34.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "test-kit"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "sentry-test",
]

[[package]]
name = "sentry-test"
version = "0.34.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

#[test]
fn cargo_lock_reports_crates_pulled_in_and_dev_chains() {
    let manifest = "[dependencies]\nobservability = \"1\"\nsentry = \"0.34\"\n\n[dev-dependencies]\ntest-kit = \"1\"\n";
    assert_eq!(
        scan("Cargo.lock", CARGO_LOCK, Some(("Cargo.toml", manifest))),
        vec![
            (
                // `sentry` itself is declared: Cargo.toml reports it.
                "sentry-core (transitive: observability > sentry-core)".to_string(),
                Side::Backend,
                29
            ),
            (
                "sentry-test (transitive: test-kit > sentry-test)".into(),
                Side::Dev,
                42
            ),
        ]
    );
}

#[test]
fn malformed_lockfiles_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package-lock.json");
    let err = scan_lockfile(
        "package-lock.json",
        &path,
        "{\n  \"packages\": ,\n}",
        Side::Backend,
        &catalogue(),
    )
    .unwrap_err();
    assert_eq!(err, "invalid JSON at 2:15: expected value");
    let err = scan_lockfile(
        "pnpm-lock.yaml",
        &path,
        "lockfileVersion: '9.0'\npackages\n",
        Side::Backend,
        &catalogue(),
    )
    .unwrap_err();
    assert_eq!(err, "line 2: expected `key: value`");
}

#[test]
fn what_only_atlassian_packages_pull_in_is_not_reported() {
    let lock = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "name": "app",
      "dependencies": { "@forge/api": "^5", "@acme/logger": "^1" }
    },
    "node_modules/@forge/api": {
      "version": "5.0.0",
      "dependencies": { "@forge/manifest": "^8" }
    },
    "node_modules/@forge/manifest": {
      "version": "8.0.0",
      "dependencies": { "@sentry/node": "^7" }
    },
    "node_modules/@sentry/node": {
      "version": "7.0.0",
      "dependencies": { "@sentry/core": "^7" }
    },
    "node_modules/@sentry/core": { "version": "7.0.0" },
    "node_modules/@acme/logger": {
      "version": "1.0.0",
      "dependencies": { "mixpanel": "^2", "@sentry/core": "^7" }
    },
    "node_modules/mixpanel": { "version": "2.0.0" }
  }
}"#;
    let found = scan("package-lock.json", lock, None);
    let details: Vec<&str> = found.iter().map(|(d, _, _)| d.as_str()).collect();
    // `@sentry/core` is also reached through `@acme/logger`, so it stays, with
    // that chain; `@sentry/node` comes only through `@forge/manifest`.
    assert_eq!(
        details,
        vec![
            "@sentry/core (transitive: @acme/logger > @sentry/core)",
            "mixpanel (transitive: @acme/logger > mixpanel)",
        ]
    );
}

/// A pnpm 9 lockfile as pnpm 9 writes it for a Svelte Custom UI: catalogs,
/// overrides, an alias, a workspace link, platform fields and
/// `transitivePeerDependencies` lists.
const PNPM_V9_FULL: &str = include_str!("fixtures/pnpm-v9.yaml");

#[test]
fn pnpm_9_with_every_field_pnpm_writes_reads_without_error() {
    let found = scan("pnpm-lock.yaml", PNPM_V9_FULL, None);
    assert_eq!(
        found,
        vec![(
            "@sentry/core (transitive: @sentry/svelte > @sentry/core)".to_string(),
            Side::Backend,
            line_of(PNPM_V9_FULL, "'@sentry/core@8.40.0':")
        )]
    );
}
