//! Elements made in code that make the browser fetch their URL:
//! `new Image().src = url` (a tracking pixel), `img.src = url`, a script tag
//! built with `document.createElement('script')` and given a `src` or
//! `setAttribute('src', url)`, frames, media and stylesheet links. Only
//! elements the code created are read: `.src` on anything else (a config
//! object, a component's prop) is not a load.

use oxc_ast::ast::{Argument, AssignmentExpression, AssignmentTarget, CallExpression};

use super::network::Effect;
use super::url::Prefix;
use super::value::{Resolver, Val, static_string};
use crate::model::{Beacon, Channel, PageLoad};

/// What setting `attribute` on an element of `tag` loads, if anything.
fn load_of(tag: &str, constructed: bool, attribute: &str) -> Option<Channel> {
    let load = match (tag, attribute) {
        // An `Image` never put on the page loads only to deliver its URL.
        ("img", "src") if constructed => return Some(Channel::Beacon(Beacon::Pixel)),
        ("img" | "input", "src") | ("video", "poster") => PageLoad::Image,
        ("script", "src") => PageLoad::Script,
        ("iframe" | "embed", "src") | ("object", "data") => PageLoad::Frame,
        ("audio" | "video" | "source" | "track", "src") => PageLoad::Media,
        ("link", "href") => PageLoad::Hint,
        ("form", "action") => PageLoad::Form,
        _ => return None,
    };
    Some(Channel::Load(load))
}

fn send(tag: &str, attribute: &str, url: Prefix, channel: Channel) -> Effect {
    Effect::Send {
        detail: format!("<{tag}>.{attribute}"),
        url,
        channel,
    }
}

/// `el.src = url` on an element made in code.
pub fn assignment_load<'a>(
    resolver: &Resolver<'a, '_>,
    assignment: &'a AssignmentExpression<'a>,
) -> Option<Effect> {
    let AssignmentTarget::StaticMemberExpression(member) = &assignment.left else {
        return None;
    };
    let Val::Element { tag, constructed } = resolver.eval(&member.object) else {
        return None;
    };
    let attribute = member.property.name.as_str();
    let channel = load_of(tag, constructed, attribute)?;
    Some(send(
        tag,
        attribute,
        resolver.prefix(&assignment.right),
        channel,
    ))
}

/// `el.setAttribute('src', url)` on an element made in code; `callee` is what
/// the call's callee evaluates to.
pub fn call_load<'a>(
    resolver: &Resolver<'a, '_>,
    callee: &Val<'a>,
    call: &'a CallExpression<'a>,
) -> Option<Effect> {
    let Val::Member(object, "setAttribute") = callee else {
        return None;
    };
    let Val::Element { tag, constructed } = object.as_ref() else {
        return None;
    };
    let mut args = call.arguments.iter().filter_map(Argument::as_expression);
    let attribute = args.next().and_then(|a| static_string(a))?;
    let attribute = attribute.to_ascii_lowercase();
    let channel = load_of(tag, *constructed, &attribute)?;
    let url = args
        .next()
        .map_or_else(Prefix::unknown, |u| resolver.prefix(u));
    Some(send(tag, &attribute, url, channel))
}

#[cfg(test)]
mod tests {
    use crate::model::{Beacon, Channel, ObservationKind, PageLoad, Side};
    use crate::practice::scan_js;
    use crate::rulesets::Catalogue;

    fn loads(source: &str) -> Vec<(u32, String, Option<String>, Channel)> {
        scan_js(
            "static/app/src/track.js",
            source,
            Side::Frontend,
            &Catalogue::from_vendors(Vec::new()),
        )
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == ObservationKind::NetworkCall)
        .map(|o| {
            let channel = o.channel();
            (o.location.line, o.detail, o.host, channel)
        })
        .collect()
    }

    #[test]
    fn pixels_and_script_tags_made_in_code_load_their_url() {
        let source = "new Image().src = 'https://px.example.com/p.gif?u=' + user;\n\
                      const img = new Image(1, 1);\n\
                      img.src = `https://t.example.com/i?d=${data}`;\n\
                      const s = document.createElement('SCRIPT');\n\
                      s.src = 'https://cdn.example.com/sdk.js';\n\
                      const f = document.createElement('iframe');\n\
                      f.setAttribute('src', 'https://frame.example.com/');\n\
                      const pic = document.createElement('img');\n\
                      pic.src = 'https://img.example.com/a.png';\n";
        let host = |h: &str| Some(h.to_string());
        assert_eq!(
            loads(source),
            [
                (
                    1,
                    "<img>.src".into(),
                    host("px.example.com"),
                    Channel::Beacon(Beacon::Pixel)
                ),
                (
                    3,
                    "<img>.src".into(),
                    host("t.example.com"),
                    Channel::Beacon(Beacon::Pixel)
                ),
                (
                    5,
                    "<script>.src".into(),
                    host("cdn.example.com"),
                    Channel::Load(PageLoad::Script)
                ),
                (
                    7,
                    "<iframe>.src".into(),
                    host("frame.example.com"),
                    Channel::Load(PageLoad::Frame)
                ),
                (
                    9,
                    "<img>.src".into(),
                    host("img.example.com"),
                    Channel::Load(PageLoad::Image)
                ),
            ]
        );
    }

    #[test]
    fn src_on_objects_that_are_not_elements_stays_silent() {
        let source = "const config = { src: '' };\n\
                      config.src = 'https://x.example.com/a.js';\n\
                      const player = makePlayer();\n\
                      player.src = 'https://y.example.com/v.mp4';\n\
                      const div = document.createElement('div');\n\
                      div.src = 'https://z.example.com/';\n\
                      div.setAttribute('data-src', 'https://w.example.com/');\n\
                      class Image {}\n";
        assert!(loads(source).is_empty(), "{:?}", loads(source));
    }
}
