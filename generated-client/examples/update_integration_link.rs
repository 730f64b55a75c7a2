//! Refreshes the access token of an Integration Link: the first example of `docs/using-the-client.md`.
//!
//! `HERON_API_KEY=key_... cargo run -p heron-client --example update_integration_link -- ITEM_ID ACCESS_TOKEN`

use heron_client::models::{IntegrationLinkUpdateSchemaRequest, UpdateIntegrationLinkBody};
use heron_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(item_id), Some(access_token)) = (args.next(), args.next()) else {
        eprintln!("usage: update_integration_link ITEM_ID ACCESS_TOKEN");
        std::process::exit(2);
    };
    let client = Client::new(std::env::var("HERON_API_KEY")?)?; // sent as `x-api-key`
    let body = UpdateIntegrationLinkBody::new()
        .with_end_user(IntegrationLinkUpdateSchemaRequest::new(access_token));
    let response = client.update_integration_link(&item_id, &body).await?;
    if let Some(link) = response.integration_link {
        println!("{} is {:?}", link.item_id, link.status);
    }
    Ok(())
}
