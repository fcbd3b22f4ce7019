//! Prints statistics, warnings and one block of a verb dictionary (a debugging aid).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let d = sitrep_events::VerbDictionary::from_file(std::path::Path::new(&args[1])).unwrap();
    println!("{:?}", d.stats());
    for w in &d.warnings {
        println!("warning: {w}");
    }
    if let Some(name) = args.get(2) {
        let b = &d.blocks[d.block(name).unwrap()];
        println!("{} [{}]", b.name, b.code);
        for p in &b.patterns {
            println!("  {} {:?} * {:?}", p.text, p.pre, p.post);
        }
    }
    if let Some(syn) = args.get(3) {
        println!("{:?}", d.synsets[d.synset(syn).unwrap()]);
    }
}
