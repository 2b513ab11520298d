//! `cargo xtask serve` and `cargo xtask dist`: build the playground into `target/www/` and, for
//! `serve`, answer HTTP on the loopback with the right MIME types (`application/wasm` lets the
//! browser compile the module while it streams).

use crate::bail;
use crate::util::{Error, Result};
use crate::web;
use std::path::{Component, Path, PathBuf};

/// Where the playground is served (loopback only).
pub const PLAYGROUND_ADDR: &str = "127.0.0.1:8000";

pub const USAGE: &str = "\
cargo xtask serve [--port N]
  Builds the playground (wasm target, npm packages, bindings, bundle) into target/www/ and
  serves it on http://127.0.0.1:8000 (or port N; 0 picks a free one).
cargo xtask dist
  Only writes the finished site to target/www/.";

pub fn run(args: &[String]) -> Result<()> {
    let mut addr = PLAYGROUND_ADDR.to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => {
                let port: u16 = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| Error("--port needs a number 0..65535".into()))?;
                addr = format!("127.0.0.1:{port}");
            }
            other => bail!("unknown option `{other}` for `cargo xtask serve`\n\n{USAGE}"),
        }
    }
    let site = web::build()?;
    let server = Server::bind(&addr, site)?;
    println!("Ferrite playground: {}", server.url());
    server.serve_forever();
    Ok(())
}

pub fn dist(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        bail!("unknown option `{a}` for `cargo xtask dist`\n\n{USAGE}");
    }
    let site = web::build()?;
    println!("site written to {}", site.display());
    Ok(())
}

/// A static file server over one folder.
pub struct Server {
    http: tiny_http::Server,
    root: PathBuf,
}

impl Server {
    pub fn bind(addr: &str, root: PathBuf) -> Result<Server> {
        let http = tiny_http::Server::http(addr).map_err(|e| Error(format!("cannot listen on {addr}: {e}")))?;
        Ok(Server { http, root })
    }

    pub fn url(&self) -> String {
        match self.http.server_addr().to_ip() {
            Some(a) => format!("http://{a}/"),
            None => "(not an IP socket)".into(),
        }
    }

    /// One thread per request, as a static host serves in parallel: the page's small files never
    /// queue behind the wasm, so `bench --web`'s load figures are the page's, not this server's.
    pub fn serve_forever(&self) {
        std::thread::scope(|s| {
            for req in self.http.incoming_requests() {
                s.spawn(move || {
                    let resp = self.respond(req.url());
                    let _ = req.respond(resp);
                });
            }
        });
    }

    fn respond(&self, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let found = resolve(&self.root, url).and_then(|p| std::fs::read(&p).ok().map(|body| (p, body)));
        let (status, mime, body) = match found {
            Some((p, body)) => (200, mime_type(&p), body),
            None => (404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
        };
        let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
        let mut resp = tiny_http::Response::from_data(body).with_status_code(status);
        // `no-cache`: the browser revalidates, so a rebuilt page is seen at once; offline use is
        // the service worker's job.
        for h in [header("Content-Type", mime), header("Cache-Control", "no-cache")].into_iter().flatten() {
            resp.add_header(h);
        }
        resp
    }
}

/// The file a URL path names inside `root`; `None` for anything that would leave it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut out = root.to_path_buf();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn mime_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" | "webmanifest" => "application/json",
        "png" => "image/png",
        "py" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/app.js?v=1"), Some(root.join("app.js")));
        assert_eq!(resolve(root, "/a/./b.css"), Some(root.join("a/b.css")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/a/../../x"), None);
    }

    #[test]
    fn wasm_has_its_mime_type() {
        assert_eq!(mime_type(Path::new("x/ferrite.wasm")), "application/wasm");
        assert_eq!(mime_type(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(mime_type(Path::new("noext")), "application/octet-stream");
    }
}
