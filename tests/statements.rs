use forge_claimcheck::{policy, rulesets::ClaimPhrases};

#[test]
#[ignore]
fn dump() {
    let path = std::env::var("DUMP").unwrap();
    let s = policy::load(std::path::Path::new(&path), &path).unwrap();
    let phrases = ClaimPhrases::embedded().unwrap();
    if std::env::var("SENT").is_ok() {
        for s in &s.sentences {
            println!("S {:>3} {:?} lead={:?} h={:?}", s.line, s.text, s.lead_in, s.headings.last());
        }
    }
    for c in policy::extract_claims_with(&s, &phrases, &forge_claimcheck::rulesets::Catalogue::embedded().unwrap()) {
        println!("{:>3} {:<24} h={} scope={:?} ex={:?} {:?} | {}", c.location.line, c.kind.as_str(), c.hedged, c.scope, c.exceptions, c.hosts, c.text);
    }
}
