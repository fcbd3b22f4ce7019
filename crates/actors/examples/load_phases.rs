//! Times the phases of loading the compiled dictionaries (decompress, decode, index).
use std::io::Read;
use std::time::Instant;
fn main() {
    let p = sitrep_testdata::repo_root()
        .join("models")
        .join(sitrep_actors::compile::COMPILED_PATH);
    let bytes = std::fs::read(&p).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[8..])
            .read_to_end(&mut raw)
            .unwrap();
        let gz = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let d = sitrep_actors::Dictionaries::from_compiled(&bytes, "x").unwrap();
        let all = t.elapsed().as_secs_f64();
        println!(
            "gunzip {gz:.3}s  full load {all:.3}s  ({} actors)",
            d.actors.len()
        );
    }
}
