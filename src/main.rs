//! The `presscut` binary: all work happens in the library (see `lib.rs` for the module map).

fn main() -> std::process::ExitCode {
    presscut::cli::main()
}
