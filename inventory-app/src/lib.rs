//! A small application built on `runtime-client`, as a user of a generated client writes
//! one: it keeps an inventory of items, lists users, backs files up to disk and uploads
//! them. Its tests (`tests/inventory.rs`) run it against the client's typed mocks only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use runtime_client::models::{ItemRequest, UploadFileBody};
use runtime_client::operations::{CreateItemError, DeleteItemError};
use runtime_client::{Client, Error, File};

/// The application's view of the API.
pub struct Inventory {
    client: Client,
}

/// What adding an item came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Stored {
        id: i64,
    },
    /// The API refused the item, and said why.
    Rejected {
        reason: String,
    },
}

/// What removing an item came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Removed {
    Removed,
    WasNotThere,
}

impl Inventory {
    pub fn new(client: Client) -> Inventory {
        Inventory { client }
    }

    /// Adds an item; a refusal the API declares (422) is an answer, not an error.
    pub async fn add(&self, name: &str) -> Result<Added, CreateItemError> {
        match self
            .client
            .create_item(&ItemRequest::new(name))
            .typed_errors()
            .await
        {
            Ok(item) => Ok(Added::Stored {
                id: item.id.unwrap_or_default(),
            }),
            Err(CreateItemError::Status422(invalid)) => Ok(Added::Rejected {
                reason: invalid.body.message.clone(),
            }),
            Err(other) => Err(other),
        }
    }

    /// Removes an item; one that is not there is fine.
    pub async fn remove(&self, id: i64) -> Result<Removed, DeleteItemError> {
        match self.client.delete_item(id).typed_errors().await {
            Ok(()) => Ok(Removed::Removed),
            Err(DeleteItemError::Status404(_)) => Ok(Removed::WasNotThere),
            Err(other) => Err(other),
        }
    }

    /// Every user's id, page after page, 50 to a page.
    pub async fn user_ids(&self) -> Result<Vec<i64>, Error> {
        let mut ids = Vec::new();
        let mut users = self.client.list_users().with_limit(50).items();
        while let Some(user) = users.next().await {
            ids.push(user?.id);
        }
        Ok(ids)
    }

    /// Downloads a file into `folder` as `<id>.zip`, streamed to disk.
    pub async fn back_up(&self, id: &str, folder: &Path) -> Result<(PathBuf, u64), Error> {
        let path = folder.join(format!("{id}.zip"));
        let download = self
            .client
            .download_file(id)
            .timeout(Duration::from_secs(600))
            .stream()
            .await?;
        let length = download.to_file(&path).await?;
        Ok((path, length))
    }

    /// Uploads the file at `path`, read while it is sent; returns its new id.
    pub async fn upload(&self, path: &Path) -> Result<Option<String>, Error> {
        let body = UploadFileBody::new(File::from_path(path)).with_description("a backup");
        Ok(self.client.upload_file(&body).await?.id)
    }

    /// Whether the API answers its health check within a second.
    pub async fn is_healthy(&self) -> bool {
        let health = self
            .client
            .health()
            .timeout(Duration::from_secs(1))
            .max_retries(0)
            .await;
        matches!(health, Ok(health) if health.status.as_deref() == Some("ok"))
    }
}
