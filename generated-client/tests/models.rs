//! The generated models against realistic Heron payloads: the read/write split, the value
//! mapping, forward-compatible enums and offset-less timestamps.

use chrono::{TimeZone, Utc};
use heron_client::models::{
    IntegrationLinkSchema, IntegrationLinkSchemaRequest, IntegrationLinkSchemaStatus,
    UpdateIntegrationLinkResponse,
};
use heron_client::Timestamp;
use serde_json::json;

/// What the Heron API answers to `PUT /api/integration_links/{item_id}`: by the spec it
/// never sends the writeOnly `access_token` or `end_user_id`, even though the schema marks
/// them required.
const PUT_RESPONSE: &str = r#"{
    "integration_link": {
        "item_id": "M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op",
        "created": "2026-07-03T12:24:30.665078",
        "last_updated": "2026-07-04T08:00:00+02:00",
        "last_successful_sync": null,
        "status": "paused",
        "status_message": "[ITEM_LOGIN_REQUIRED] the login details of this item have changed",
        "type": "plaid_assets_report",
        "heron_internal_id": 42
    }
}"#;

#[test]
fn put_response_without_write_only_fields_decodes_every_field() {
    let response: UpdateIntegrationLinkResponse =
        serde_json::from_str(PUT_RESPONSE).expect("decodes");
    let link = response.integration_link.expect("integration_link");
    // Every field the response type has is set by this response: a field the type lost or
    // gained (`heron_internal_id` is not in the spec) would show here.
    let fields: Vec<String> = serde_json::to_value(&link)
        .expect("serializes")
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        fields,
        [
            "created",
            "item_id",
            "last_updated",
            "status",
            "status_message",
            "type"
        ],
        "`last_successful_sync` is null in the response, so it reads as absent"
    );
    let IntegrationLinkSchema {
        created,
        item_id,
        last_successful_sync,
        last_updated,
        status,
        status_message,
        r#type,
        ..
    } = link;
    assert_eq!(item_id, "M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op");
    let created = created.expect("created").to_utc();
    assert_eq!(
        created,
        Utc.with_ymd_and_hms(2026, 7, 3, 12, 24, 30).unwrap()
            + chrono::Duration::microseconds(665_078)
    );
    assert_eq!(
        last_updated.expect("last_updated").to_utc(),
        Utc.with_ymd_and_hms(2026, 7, 4, 6, 0, 0).unwrap()
    );
    assert_eq!(last_successful_sync, None);
    assert_eq!(
        status,
        Some(IntegrationLinkSchemaStatus::Other("paused".into()))
    );
    assert_eq!(
        status_message.as_deref(),
        Some("[ITEM_LOGIN_REQUIRED] the login details of this item have changed")
    );
    assert_eq!(r#type.as_deref(), Some("plaid_assets_report"));
}

#[test]
fn request_type_never_serializes_read_only_fields_and_can_send_an_explicit_null() {
    let request =
        IntegrationLinkSchemaRequest::new("access-sandbox-de3ce8ef", "8d18511d", "M5eVJq")
            .with_asset_report_token_null();
    let sent = serde_json::to_value(&request).expect("serializes");
    assert_eq!(
        sent,
        json!({
            "access_token": "access-sandbox-de3ce8ef",
            "asset_report_token": null,
            "end_user_id": "8d18511d",
            "item_id": "M5eVJq",
        })
    );
    for read_only in [
        "created",
        "last_updated",
        "last_successful_sync",
        "status",
        "status_message",
        "type",
    ] {
        assert!(sent.get(read_only).is_none(), "{read_only} was sent");
    }
}

#[test]
fn optional_nullable_request_field_distinguishes_absent_null_and_value() {
    let base = || IntegrationLinkSchemaRequest::new("t", "u", "i");
    let sent = |request: IntegrationLinkSchemaRequest| {
        serde_json::to_value(request).expect("serializes")["asset_report_token"].clone()
    };
    let absent = serde_json::to_value(base()).expect("serializes");
    assert!(absent.get("asset_report_token").is_none(), "{absent}");
    assert_eq!(sent(base().with_asset_report_token_null()), json!(null));
    assert_eq!(sent(base().with_asset_report_token("assets-1")), "assets-1");
    // The last setter wins, whichever it is.
    assert_eq!(
        sent(
            base()
                .with_asset_report_token_null()
                .with_asset_report_token("assets-1")
        ),
        "assets-1"
    );
    assert_eq!(
        sent(
            base()
                .with_asset_report_token("assets-1")
                .with_asset_report_token_null()
        ),
        json!(null)
    );
    // Reading: a present `null` and an absent field are the same `None`, so a `nullable`
    // flip in the spec changes nothing for code that reads the field.
    let decoded: IntegrationLinkSchemaRequest = serde_json::from_value(json!({
        "access_token": "t", "asset_report_token": null, "end_user_id": "u", "item_id": "i"
    }))
    .expect("decodes");
    assert_eq!(decoded.asset_report_token, None::<String>);
}

#[test]
fn enums_round_trip_known_and_unknown_wire_values() {
    let known: IntegrationLinkSchemaStatus =
        serde_json::from_str(r#""sync_disabled""#).expect("decodes");
    assert_eq!(known, IntegrationLinkSchemaStatus::SyncDisabled);
    assert_eq!(
        serde_json::to_string(&known).expect("encodes"),
        r#""sync_disabled""#
    );
    let unknown: IntegrationLinkSchemaStatus =
        serde_json::from_str(r#""paused""#).expect("decodes");
    assert_eq!(unknown.as_str(), "paused");
    assert_eq!(
        serde_json::to_string(&unknown).expect("encodes"),
        r#""paused""#
    );
}

#[test]
fn timestamps_accept_rfc3339_and_offsetless_forms_and_serialize_in_utc() {
    let utc = |text: &str| text.parse::<Timestamp>().map(Timestamp::to_utc);
    let expected = Utc.with_ymd_and_hms(2026, 7, 3, 12, 24, 30).unwrap();
    assert_eq!(utc("2026-07-03T12:24:30Z"), Ok(expected));
    assert_eq!(utc("2026-07-03T14:24:30+02:00"), Ok(expected));
    assert_eq!(utc("2026-07-03T12:24:30"), Ok(expected));
    assert_eq!(utc("2026-07-03 12:24:30"), Ok(expected));
    assert!(utc("2026-07-03").is_err());
    assert!(utc("yesterday").is_err());
    let precise: Timestamp = "2026-07-03T12:24:30.665078".parse().expect("parses");
    assert_eq!(
        serde_json::to_string(&precise).expect("encodes"),
        r#""2026-07-03T12:24:30.665078Z""#
    );
}

#[test]
fn debug_output_redacts_credentials() {
    let request = IntegrationLinkSchemaRequest::new("access-sandbox-SECRET", "8d18511d", "M5eVJq")
        .with_asset_report_token("assets-SECRET")
        .with_end_user_name("Acme Corp");
    let printed = format!("{request:?}");
    assert!(!printed.contains("SECRET"), "{printed}");
    assert!(
        printed.contains("<redacted>") && printed.contains("Acme Corp"),
        "{printed}"
    );
}
