use crate::{Client, Error, DEFAULT_BASE_URL};

#[test]
fn the_base_url_defaults_to_the_roots_and_loses_its_trailing_slash() {
    let client = Client::builder().build().expect("a client");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    let client = Client::builder()
        .base_url("https://api.example.com/v1/")
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), "https://api.example.com/v1");
}

#[test]
fn settings_that_cannot_be_sent_fail_the_build() {
    let invalid_url = Client::builder().base_url("not a url").build();
    assert!(
        matches!(invalid_url, Err(Error::InvalidUrl(_))),
        "{invalid_url:?}"
    );
    // A URL such as `mailto:` has no path for the operations' paths to follow.
    let no_path = Client::builder().base_url("mailto:api@example.com").build();
    assert!(
        matches!(&no_path, Err(Error::InvalidUrl(message)) if message.starts_with("mailto:")),
        "{no_path:?}"
    );
    // The operations' paths would land in the query or the fragment.
    for base_url in [
        "https://api.example.com/v1?tenant=1",
        "https://api.example.com/#v1",
    ] {
        let result = Client::builder().base_url(base_url).build();
        assert!(
            matches!(&result, Err(Error::InvalidUrl(message)) if message.starts_with(base_url)),
            "{base_url}: {result:?}"
        );
    }
    let invalid_key = Client::new("key\nwith a line break");
    assert!(
        matches!(&invalid_key, Err(Error::InvalidHeader(what)) if what == "the `api_key` credential"),
        "{invalid_key:?}"
    );
    let invalid_agent = Client::builder().user_agent("agent\u{7f}").build();
    assert!(
        matches!(&invalid_agent, Err(Error::InvalidHeader(what)) if what == "User-Agent"),
        "{invalid_agent:?}"
    );
}

/// The runtime hands reqwest its own TLS configuration instead of installing a crypto
/// provider for the whole process, which would make an application's own
/// `install_default` fail.
#[test]
fn building_a_client_installs_no_process_wide_crypto_provider() {
    Client::builder().build().expect("a client");
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
}
