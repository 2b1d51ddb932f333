fn main() -> std::process::ExitCode {
    // Exit quietly when the reader of our output goes away (`figuren words x.pdf | head`).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    figuren::cli::run()
}
