use clap::Parser;
use ticket_gateway::cli::Cli;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    ticket_gateway::logging::init();
    match ticket_gateway::server::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ticket-gateway: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
