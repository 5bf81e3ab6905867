//! The test server scripts/couch.sh starts, as the browser tests that sync reach it: its
//! address and users, compiled into the test binary (`option_env!`), and a database name of
//! a test's own. Shared by tests/web_couch.rs and tests/web_sync.rs.

use rapport::sync::couch::Credentials;

/// The variables scripts/couch.sh exports, as compiled into this binary.
pub fn setting(value: Option<&'static str>, name: &str) -> &'static str {
    value.unwrap_or_else(|| {
        panic!(
            "{name} was not set when this test was compiled: run the browser tests through \
             scripts/test-all.sh, or first `source scripts/couch.sh; start_couch \
             /tmp/couch.log` in the shell that runs cargo test"
        )
    })
}

/// The server's address.
pub fn server() -> &'static str {
    setting(option_env!("RAPPORT_COUCH_URL"), "RAPPORT_COUCH_URL")
}

/// The server's admin, who may create databases.
pub fn admin() -> Credentials {
    Credentials {
        user: setting(option_env!("RAPPORT_COUCH_USER"), "RAPPORT_COUCH_USER").to_string(),
        password: setting(
            option_env!("RAPPORT_COUCH_PASSWORD"),
            "RAPPORT_COUCH_PASSWORD",
        )
        .to_string(),
    }
}

/// A database name no other test uses.
pub fn fresh_database() -> String {
    format!("rapport-test-{}", (js_sys::Math::random() * 1e15) as u64)
}
