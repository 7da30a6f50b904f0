use clap::Parser;
use stammtisch_server::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    stammtisch_server::init_logging();
    match stammtisch_server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("stammtisch-server: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
