fn main() -> std::process::ExitCode {
    figuren::cli::run()
}
