//! Makes the NHS.UK design system's compiled files available to `include_bytes!`.
//!
//! The `nhsuk-frontend` package is pinned by the repository's `package-lock.json`. When
//! `node_modules/nhsuk-frontend` is missing (a fresh clone), this runs `npm ci` at the repository
//! root, then writes `$OUT_DIR/nhsuk_assets.rs`: a table of (URL name, content type, bytes) for the
//! minified CSS and JavaScript and the icon SVGs. The NHS logo images (favicons, app icons) are
//! deliberately left out: suppliers may not use the NHS logo.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest
        .join("../..")
        .canonicalize()
        .expect("repository root");
    let package = root.join("node_modules/nhsuk-frontend");
    let dist = package.join("dist/nhsuk");
    println!(
        "cargo::rerun-if-changed={}",
        root.join("package-lock.json").display()
    );
    println!(
        "cargo::rerun-if-changed={}",
        root.join("package.json").display()
    );
    println!("cargo::rerun-if-changed={}", dist.display());

    if !dist.join("nhsuk-frontend.min.css").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&root)
            // npm's progress goes to stderr: a build script's stdout is read by cargo for directives.
            .stdout(std::process::Stdio::from(std::io::stderr()))
            .status()
            .unwrap_or_else(|e| {
                panic!(
                    "could not run `npm ci` in {} (is Node.js installed?): {e}",
                    root.display()
                )
            });
        assert!(status.success(), "`npm ci` failed in {}", root.display());
    }

    let version = read_version(&package.join("package.json"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));

    // The stylesheet loads the NHS's licensed Frutiger web font from assets.nhs.uk. Tandem is not
    // an NHS service, and its content security policy allows fonts from itself only, so those
    // @font-face rules are removed (the font stack falls back to Arial, as the design system
    // intends when the font is unavailable). Source-map comments are removed too: the maps are
    // not served.
    let css = std::fs::read_to_string(dist.join("nhsuk-frontend.min.css"))
        .expect("nhsuk-frontend.min.css");
    let css = strip_source_map(&strip_remote_fonts(&css));
    std::fs::write(out_dir.join("nhsuk-frontend.min.css"), css).expect("write css");
    let js =
        std::fs::read_to_string(dist.join("nhsuk-frontend.min.js")).expect("nhsuk-frontend.min.js");
    std::fs::write(out_dir.join("nhsuk-frontend.min.js"), strip_source_map(&js)).expect("write js");

    let mut files: Vec<(String, &str, PathBuf)> = vec![
        (
            format!("nhsuk-frontend-{version}.min.css"),
            "text/css; charset=utf-8",
            out_dir.join("nhsuk-frontend.min.css"),
        ),
        (
            format!("nhsuk-frontend-{version}.min.js"),
            "text/javascript; charset=utf-8",
            out_dir.join("nhsuk-frontend.min.js"),
        ),
    ];
    let images = dist.join("assets/images");
    let mut svgs: Vec<PathBuf> = std::fs::read_dir(&images)
        .unwrap_or_else(|e| panic!("{}: {e}", images.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("nhsuk-icon-") && name.ends_with(".svg")
        })
        .collect();
    svgs.sort();
    for p in svgs {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name")
            .to_string();
        files.push((format!("images/{name}"), "image/svg+xml", p));
    }

    let mut out = String::new();
    writeln!(out, "/// Version of the embedded `nhsuk-frontend` package.").unwrap();
    writeln!(out, "pub const NHSUK_VERSION: &str = {version:?};").unwrap();
    writeln!(
        out,
        "/// Embedded `nhsuk-frontend` files: (name under /assets/, content type, bytes)."
    )
    .unwrap();
    writeln!(out, "pub static NHSUK_FILES: &[(&str, &str, &[u8])] = &[").unwrap();
    for (name, ctype, path) in &files {
        assert!(path.exists(), "missing {}", path.display());
        writeln!(
            out,
            "    ({name:?}, {ctype:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    std::fs::write(out_dir.join("nhsuk_assets.rs"), out).expect("write nhsuk_assets.rs");

    // Tandem's script imports the versioned module, so the version is written into it here.
    let script = manifest.join("static/tandem.js");
    println!("cargo::rerun-if-changed={}", script.display());
    let text = std::fs::read_to_string(&script).expect("static/tandem.js");
    std::fs::write(
        out_dir.join("tandem.js"),
        text.replace("__NHSUK_VERSION__", &version),
    )
    .expect("write tandem.js");
}

/// Removes `@font-face{…}` rules that load fonts from another site.
fn strip_remote_fonts(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("@font-face{") {
        let end = rest[at..]
            .find('}')
            .map(|e| at + e + 1)
            .unwrap_or(rest.len());
        out.push_str(&rest[..at]);
        let rule = &rest[at..end];
        if !rule.contains("url(https://") && !rule.contains("url(http://") {
            out.push_str(rule);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Removes a trailing `sourceMappingURL` comment (CSS `/*# … */` or JS `//# …`).
fn strip_source_map(text: &str) -> String {
    let mut t = text.trim_end().to_string();
    if let Some(at) = t.rfind("/*# sourceMappingURL=") {
        t.truncate(at);
    } else if let Some(at) = t.rfind("//# sourceMappingURL=") {
        t.truncate(at);
    }
    t.push('\n');
    t
}

fn read_version(package_json: &Path) -> String {
    let text = std::fs::read_to_string(package_json)
        .unwrap_or_else(|e| panic!("{}: {e}", package_json.display()));
    // A tiny scan instead of a JSON dependency: the first `"version": "x"` is the package's own.
    let at = text.find("\"version\"").expect("version in package.json");
    let rest = &text[at + 9..];
    let start = rest.find('"').expect("version value") + 1;
    let end = rest[start..].find('"').expect("end of version") + start;
    rest[start..end].to_string()
}
