//! Writes a synthetic corpus for demos and for timing against other tools:
//! `cargo run --release --example gen_corpus -- DIR [COUNT]` (COUNT defaults to 10000).

#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen_corpus DIR [COUNT]");
        std::process::exit(2);
    };
    let count = match args.next().map(|c| c.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("gen_corpus: COUNT must be a whole number");
            std::process::exit(2);
        }
    };
    match synthetic::write_corpus(std::path::Path::new(&dir), count) {
        Ok(bytes) => println!("{count} articles, {bytes} bytes in {dir}"),
        Err(e) => {
            eprintln!("gen_corpus: cannot write to {dir}: {e}");
            std::process::exit(1);
        }
    }
}
