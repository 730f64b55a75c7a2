//! The application tested through the client's typed mocks alone: no hand-written JSON, no
//! HTTP server of its own. Each expectation is the call the application must make, and
//! each answer a value of the API's own types.

use std::time::Duration;

use inventory_app::{Added, Inventory, Removed};
use runtime_client::mock::MockServer;
use runtime_client::models::{
    DeleteItemErrorDefault, Entry, HealthResponse, Item, ItemRequest, ListUsersResponse,
    UploadFileBody, UploadFileResponse, ValidationError,
};
use runtime_client::operations::{CreateItemError, DeleteItemError};
use runtime_client::File;

#[tokio::test]
async fn adding_an_item_stores_it_or_reports_why_not() {
    let server = MockServer::start().await;
    let client = server.client();
    let stored = server
        .on(client.create_item(&ItemRequest::new("lamp")))
        .respond(Item::new("lamp").with_id(41))
        .await;
    let rejected = server
        .on(client.create_item(&ItemRequest::new("")))
        .respond_error(
            422,
            &ValidationError::new("a name is required").with_field("name"),
        )
        .await;
    let inventory = Inventory::new(client.clone());

    assert_eq!(
        inventory.add("lamp").await.expect("added"),
        Added::Stored { id: 41 }
    );
    assert_eq!(
        inventory.add("").await.expect("an answer"),
        Added::Rejected {
            reason: "a name is required".into()
        }
    );
    assert_eq!((stored.calls(), rejected.calls()), (1, 1));

    // A body the mocks do not expect gets no answer the API declares.
    let error = inventory.add("chair").await.expect_err("no mock for it");
    assert!(
        matches!(error, CreateItemError::Undeclared(ref answer) if answer.status == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn removing_an_item_that_is_not_there_is_fine_and_a_server_error_is_not() {
    let server = MockServer::start().await;
    let client = server.client();
    server.on(client.delete_item(7)).respond(()).await;
    server.on(client.delete_item(8)).respond_status(404).await;
    let broken = server
        .on(client.delete_item(9))
        .respond_error(500, &DeleteItemErrorDefault::new("boom"))
        .await;
    let inventory = Inventory::new(client);

    assert_eq!(
        inventory.remove(7).await.expect("removed"),
        Removed::Removed
    );
    assert_eq!(
        inventory.remove(8).await.expect("an answer"),
        Removed::WasNotThere
    );
    let error = inventory.remove(9).await.expect_err("a 500");
    assert!(
        matches!(&error, DeleteItemError::Default(answer) if answer.status == 500 && answer.body.code == "boom"),
        "{error:?}"
    );
    // DELETE is idempotent: the client retried twice before giving up.
    assert_eq!(broken.calls(), 3);
}

#[tokio::test]
async fn every_user_is_read_across_pages() {
    let server = MockServer::start().await;
    let client = server.client();
    let page = |ids: &[i64]| {
        ListUsersResponse::new()
            .with_users(ids.iter().map(|&id| Entry::new(id)).collect::<Vec<_>>())
    };
    let pages = server
        .on(client.list_users().with_limit(50).pages())
        .respond_pages(vec![page(&[1, 2]), page(&[3, 4]), page(&[5])])
        .await;
    let inventory = Inventory::new(client);

    assert_eq!(inventory.user_ids().await.expect("users"), [1, 2, 3, 4, 5]);
    assert_eq!(pages.calls(), 3);
    // A second run reads the whole sequence again.
    assert_eq!(inventory.user_ids().await.expect("users").len(), 5);
    assert_eq!(pages.calls(), 6);
}

#[tokio::test]
async fn a_backup_is_streamed_to_disk_and_an_upload_read_from_disk() {
    let server = MockServer::start().await;
    let client = server.client();
    let zip: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    server
        .on(client.download_file("f-1"))
        .header("content-type", "application/zip")
        .respond(zip.clone())
        .await;
    let folder = std::env::temp_dir().join(format!("inventory-app-{}", std::process::id()));
    tokio::fs::create_dir_all(&folder).await.expect("a folder");
    let inventory = Inventory::new(client.clone());

    let (path, length) = inventory.back_up("f-1", &folder).await.expect("backed up");
    assert_eq!(length, zip.len() as u64);
    assert_eq!(tokio::fs::read(&path).await.expect("the backup"), zip);

    // The upload's expectation is the call with the same body; its parts are not
    // compared (their boundary is random), so the mock stands for any upload.
    let uploaded = server
        .on(client.upload_file(&UploadFileBody::new(File::new(Vec::new()))))
        .respond(UploadFileResponse::new().with_id("u-9"))
        .await;
    assert_eq!(
        inventory.upload(&path).await.expect("uploaded").as_deref(),
        Some("u-9")
    );
    assert_eq!(uploaded.calls(), 1);
    tokio::fs::remove_dir_all(&folder).await.expect("clean up");
}

#[tokio::test]
async fn a_slow_health_check_is_unhealthy() {
    let server = MockServer::start().await;
    let client = server.client();
    let health = server
        .on(client.health())
        .delay(Duration::from_secs(3))
        .respond(HealthResponse::new().with_status("ok"))
        .await;
    assert!(!Inventory::new(client).is_healthy().await);
    assert_eq!(health.calls(), 1);

    let server = MockServer::start().await;
    let client = server.client();
    server
        .on(client.health())
        .respond(HealthResponse::new().with_status("ok"))
        .await;
    assert!(Inventory::new(client).is_healthy().await);
}
