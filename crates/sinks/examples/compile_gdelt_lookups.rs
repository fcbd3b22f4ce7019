//! Compiles GDELT's CAMEO and country lookup files into `models/gdelt/lookups.tsv`.
//!
//! `cargo run -p sitrep-sinks --example compile_gdelt_lookups -- ../shared/data/gdelt/lookups models/gdelt/lookups.tsv`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dst] = args.as_slice() else {
        eprintln!("usage: compile_gdelt_lookups LOOKUPS_DIR OUT.tsv");
        return ExitCode::from(1);
    };
    match sitrep_sinks::gdelt::lookups::compile(&PathBuf::from(src)) {
        Ok(text) => match std::fs::write(dst, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{dst}: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
