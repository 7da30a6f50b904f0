use stammtisch_server::cli::Command;
use stammtisch_server::config_file::{self, ConfigError};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let loaded = match config_file::load(std::env::args_os().collect()) {
        Ok(loaded) => loaded,
        Err(ConfigError::Arguments(error)) => error.exit(),
        Err(error) => {
            eprintln!("stammtisch-server: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    stammtisch_server::init_logging(loaded.config.log_format);
    let mut config = loaded.config.clone();
    let result = match config.command.take() {
        Some(Command::CheckConfig) => {
            return match stammtisch_server::check_config(&loaded).await {
                true => std::process::ExitCode::SUCCESS,
                false => std::process::ExitCode::FAILURE,
            };
        }
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
