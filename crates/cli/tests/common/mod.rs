//! Runs the built `sitrep` binary on standard input, for the command-line tests.

use std::io::Write;
use std::process::{Command, Stdio};

/// Standard output of `sitrep ARGS` given `input` on standard input; fails the test with its
/// standard error when the command fails.
pub fn run_stdin(args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sitrep");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
