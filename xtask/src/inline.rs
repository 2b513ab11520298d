//! The page's first-load files inlined into `index.html`: the stylesheet as a `<style>`, the
//! scripts as inline `<script>`s allowed by their SHA-256 in the page's Content-Security-Policy.
//! Everything the REPL prompt needs but the wasm then comes with the HTML's own response: no
//! request for the bundle can queue behind the first render or the wasm (docs/playground.md,
//! "The first load: the wasm fetched at once, the page inline"), and the page stays plain static
//! files.

use crate::bail;
use crate::util::Result;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `html` with every `<link rel="stylesheet" href=F>` and `<script src=F …></script>` whose file
/// `read(F)` returns replaced by a `<style>` or `<script …>` holding the file's text, and the inlined scripts' hashes added to the
/// CSP's `script-src`.
/// Returns the page and the inlined files' names.
pub fn inline(html: &str, read: impl Fn(&str) -> Option<String>) -> Result<(String, Vec<String>)> {
    let mut out = String::with_capacity(html.len());
    let mut hashes = Vec::new();
    let mut inlined = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let after = &rest[end + 1..];
        // (file, opening tag, closing tag, bytes of `rest` the element takes)
        // A script keeps its other attributes (`type="module"`, `async`).
        let element = if tag.starts_with("<script ") && after.starts_with("</script>") {
            attr(tag, "src").map(|f| (f, tag.replace(&format!(" src=\"{f}\""), ""), "</script>", tag.len() + "</script>".len()))
        } else if tag.starts_with("<link ") && attr(tag, "rel") == Some("stylesheet") {
            attr(tag, "href").map(|f| (f, "<style>".to_string(), "</style>", tag.len()))
        } else {
            None
        };
        let Some((file, open, close, len, text)) = element.and_then(|(f, o, c, l)| read(f).map(|t| (f, o, c, l, t))) else {
            out.push_str(tag);
            rest = after;
            continue;
        };
        let text = text.trim_end();
        // The HTML tokenizer ends the element at its closing tag, and `<!--` in a script changes
        // how it looks for one: neither may appear inside.
        let lower = text.to_ascii_lowercase();
        if lower.contains("</script") || lower.contains("</style") || lower.contains("<!--") {
            bail!("{file} cannot be inlined into index.html: it contains a closing tag or `<!--`");
        }
        if close == "</script>" {
            hashes.push(csp_hash(text));
        }
        out.push_str(&format!("{open}{text}{close}"));
        inlined.push(file.to_string());
        rest = &rest[len..];
    }
    out.push_str(rest);
    let csp = "script-src 'self'";
    if !hashes.is_empty() {
        if !out.contains(csp) {
            bail!("index.html has no `{csp}` in its Content-Security-Policy for the inlined scripts' hashes");
        }
        out = out.replacen(csp, &format!("{csp} {}", hashes.join(" ")), 1);
    }
    Ok((out, inlined))
}

/// The value of `name="…"` in a tag, if it has one.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    tag[from..].find('"').map(|len| &tag[from..from + len])
}

/// A CSP source allowing an inline script with exactly this text.
fn csp_hash(script: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'\">\n\
        <script src=\"boot.js\" async></script>\n<link rel=\"icon\" href=\"icon.svg\">\n<link rel=\"stylesheet\" href=\"app.css\">\n</head>\n<body><script type=\"module\" src=\"app.js\" async></script>\n\
        <script src=\"elsewhere.js\"></script></body>\n";

    fn files(name: &str) -> Option<String> {
        match name {
            "boot.js" => Some("go();\n".into()),
            "app.css" => Some("body { margin: 0; }\n".into()),
            "app.js" => Some("import('./editor.js');".into()),
            _ => None,
        }
    }

    #[test]
    fn the_first_load_files_go_into_the_page() {
        let (html, inlined) = inline(PAGE, files).unwrap();
        assert_eq!(inlined, ["boot.js", "app.css", "app.js"]);
        assert!(html.contains("<script async>go();</script>\n<link rel=\"icon\" href=\"icon.svg\">"), "{html}");
        assert!(html.contains("<style>body { margin: 0; }</style>"), "{html}");
        assert!(html.contains("<body><script type=\"module\" async>import('./editor.js');</script>"), "{html}");
        // What is not in the site stays a request.
        assert!(html.contains("<script src=\"elsewhere.js\"></script>"), "{html}");
    }

    #[test]
    fn the_csp_allows_exactly_the_inlined_scripts() {
        let (html, _) = inline(PAGE, files).unwrap();
        // `printf 'go();' | openssl dgst -sha256 -binary | base64`
        let boot = "'sha256-bYOqbsii8BMz1hC57p5sZG4K4cMuk6QQDiwupM2aRMM='";
        assert_eq!(csp_hash("go();"), boot);
        let expected = format!("script-src 'self' {boot} {} 'wasm-unsafe-eval'", csp_hash("import('./editor.js');"));
        assert!(html.contains(&expected), "{html}");
    }

    #[test]
    fn text_that_would_end_the_element_early_is_refused() {
        for bad in ["x = '</script>';", "/* </STYLE> */", "a <!-- b"] {
            let read = |f: &str| (f == "boot.js").then(|| bad.to_string());
            assert!(inline(PAGE, read).is_err(), "{bad}");
        }
    }
}
