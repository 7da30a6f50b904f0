use clap::Parser;
use stammtisch_server::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut config = Config::parse();
    stammtisch_server::init_logging(config.log_format);
    let result = match config.command.take() {
        Some(command) => stammtisch_server::cli::run(command, &config).await,
        None => stammtisch_server::run(config).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stammtisch-server: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
