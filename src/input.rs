//! Reading the user's paths into a [`SourceMap`]: the only place `alb` reads manifest files.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use alb_engine::{SourceFile, SourceMap};
use anyhow::{Context, Result, bail};

const MANIFEST_EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Read every path: files as given, directories recursively (manifest extensions only, sorted
/// by name), `-` as standard input (once). A path that cannot be read is an error: the user
/// asked for it, so silently skipping it would hide their input.
pub fn read_sources(paths: &[PathBuf], stdin_filename: Option<&str>) -> Result<SourceMap> {
    let mut sources = SourceMap::new();
    let mut stdin_read = false;
    let mut read_stdin = |sources: &mut SourceMap| -> Result<()> {
        if stdin_read {
            return Ok(());
        }
        stdin_read = true;
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        sources.add(SourceFile::from_bytes(stdin_filename.unwrap_or("-"), bytes));
        Ok(())
    };
    if paths.is_empty() && stdin_filename.is_some() {
        read_stdin(&mut sources)?;
    }
    for path in paths {
        if path.as_os_str() == "-" {
            read_stdin(&mut sources)?;
            continue;
        }
        let metadata =
            fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        if metadata.is_dir() {
            let before = sources.len();
            let mut visited = BTreeSet::new();
            read_dir(path, &mut sources, &mut visited)?;
            if sources.len() == before {
                bail!(
                    "no manifest files (*.yaml, *.yml, *.json) under `{}`",
                    path.display()
                );
            }
        } else {
            read_file(path, &mut sources)?;
        }
    }
    Ok(sources)
}

fn read_dir(dir: &Path, sources: &mut SourceMap, visited: &mut BTreeSet<PathBuf>) -> Result<()> {
    // A symlink back up the tree must not loop forever.
    let canonical =
        fs::canonicalize(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    if !visited.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot read directory `{}`", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read directory `{}`", dir.display()))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_dir(&path, sources, visited)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MANIFEST_EXTENSIONS.contains(&e))
        {
            read_file(&path, sources)?;
        }
    }
    Ok(())
}

fn read_file(path: &Path, sources: &mut SourceMap) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    sources.add(SourceFile::from_bytes(display_name(path), bytes));
    Ok(())
}

/// Paths as the user wrote them, with `/` separators, so output is the same on every OS.
fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `dir/../x` → `x`, without touching the file system, so paths in messages read as the user
/// would write them.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
