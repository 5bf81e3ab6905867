//! The CouchDB client against a real server from a real page: pouchdb-server, started on
//! loopback by scripts/couch.sh, with requests crossing origins under CORS as they will from
//! the app to a person's CouchDB. In scripts/test-all.sh in Chromium, Firefox and WebKit.
//!
//! The server's address and users reach this binary when it is compiled (option_env!), so
//! run it after `start_couch`: `source scripts/couch.sh; start_couch /tmp/couch.log; cargo
//! test --target wasm32-unknown-unknown --test web_couch`. Without them every test fails,
//! saying so. Each test uses a database of its own, so they never see each other's writes.
#![cfg(target_arch = "wasm32")]

use rapport::sync::couch::{Change, CouchClient, CouchError, Credentials, Opened, WriteResult};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod couch_server;
use couch_server::{admin, fresh_database, server, setting};

wasm_bindgen_test_configure!(run_in_browser);

/// A client on a database of its own, opened (so created).
async fn fresh_client() -> CouchClient {
    let client = CouchClient::new(server(), &fresh_database(), admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    client
}

fn written_rev(result: &WriteResult) -> String {
    match result {
        WriteResult::Written { rev, .. } => rev.clone(),
        other => panic!("not written: {other:?}"),
    }
}

fn ids(changes: &[Change]) -> Vec<&str> {
    changes.iter().map(|change| change.id.as_str()).collect()
}

#[wasm_bindgen_test]
async fn a_database_is_created_on_first_open_and_found_after() {
    let client = CouchClient::new(server(), &fresh_database(), admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    assert_eq!(client.open().await, Ok(Opened::Existing));
}

#[wasm_bindgen_test]
async fn documents_written_in_bulk_come_back_from_changes_page_by_page() {
    let client = fresh_client().await;
    let docs: Vec<Value> = (1..=5)
        .map(|n| json!({ "_id": format!("contact:{n}"), "sealed": format!("body {n}") }))
        .collect();
    let written = client.bulk_docs(&docs).await.expect("written");
    assert_eq!(written.len(), 5);
    let revs: Vec<String> = written.iter().map(written_rev).collect();

    // Pages of two, each resumed from the last one's end, until an empty page.
    let mut since: Option<String> = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = client.changes(since.as_deref(), 2).await.expect("a page");
        assert!(page.results.len() <= 2, "a page over its limit: {page:?}");
        if page.results.is_empty() {
            assert_eq!(since.as_deref(), Some(page.last_seq.as_str()));
            break;
        }
        pages += 1;
        seen.extend(page.results);
        since = Some(page.last_seq);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        ids(&seen),
        [
            "contact:1",
            "contact:2",
            "contact:3",
            "contact:4",
            "contact:5"
        ]
    );
    for (change, rev) in seen.iter().zip(&revs) {
        assert_eq!(&change.rev, rev);
        assert!(!change.deleted);
        assert!(change.conflicts.is_empty());
        let doc = change.doc.as_ref().expect("the document is included");
        assert_eq!(doc["sealed"], json!(format!("body {}", &change.id[8..])));
    }

    // A later sync resumes from the checkpoint: only what was written since.
    let checkpoint = since.expect("a checkpoint");
    let later = [
        json!({ "_id": "contact:6", "sealed": "body 6" }),
        json!({ "_id": "contact:2", "_rev": revs[1], "_deleted": true }),
    ];
    client.bulk_docs(&later).await.expect("written");
    let page = client
        .changes(Some(&checkpoint), 100)
        .await
        .expect("a page");
    assert_eq!(ids(&page.results), ["contact:6", "contact:2"]);
    assert!(page.results[1].deleted);
    assert_eq!(page.pending.unwrap_or(0), 0);
}

#[wasm_bindgen_test]
async fn a_write_with_a_stale_rev_is_a_conflict_and_changes_nothing() {
    let client = fresh_client().await;
    let first = written_rev(
        &client
            .bulk_docs(&[json!({ "_id": "contact:a", "v": 1 })])
            .await
            .expect("written")[0],
    );
    let second = written_rev(
        &client
            .bulk_docs(&[json!({ "_id": "contact:a", "_rev": first, "v": 2 })])
            .await
            .expect("written")[0],
    );
    // Another device still holding the first revision, and a "new" document that exists.
    let stale = client
        .bulk_docs(&[
            json!({ "_id": "contact:a", "_rev": first, "v": 3 }),
            json!({ "_id": "contact:b", "v": 1 }),
            json!({ "_id": "contact:b", "v": 2 }),
        ])
        .await
        .expect("answered");
    assert_eq!(
        stale[0],
        WriteResult::Conflict {
            id: "contact:a".to_string()
        }
    );
    assert!(matches!(stale[1], WriteResult::Written { .. }), "{stale:?}");
    assert_eq!(
        stale[2],
        WriteResult::Conflict {
            id: "contact:b".to_string()
        }
    );
    let now = client
        .get_many(&["contact:a".to_string()])
        .await
        .expect("read");
    let doc = now[0].as_ref().expect("still there");
    assert_eq!(doc.rev, second);
    assert_eq!(doc.json["v"], json!(2));
    assert!(doc.conflicts.is_empty());
}

#[wasm_bindgen_test]
async fn get_many_keeps_the_order_asked_and_gives_none_for_missing_or_deleted() {
    let client = fresh_client().await;
    let written = client
        .bulk_docs(&[
            json!({ "_id": "a", "v": "a" }),
            json!({ "_id": "b", "v": "b" }),
            json!({ "_id": "c", "v": "c" }),
        ])
        .await
        .expect("written");
    client
        .bulk_docs(&[json!({ "_id": "b", "_rev": written_rev(&written[1]), "_deleted": true })])
        .await
        .expect("deleted");
    let asked = ["c", "nobody", "a", "b", "c"].map(str::to_string);
    let docs = client.get_many(&asked).await.expect("read");
    let found: Vec<Option<&str>> = docs
        .iter()
        .map(|doc| doc.as_ref().map(|doc| doc.id.as_str()))
        .collect();
    assert_eq!(found, [Some("c"), None, Some("a"), None, Some("c")]);
    assert_eq!(
        docs[0].as_ref().map(|doc| doc.json["v"].clone()),
        Some(json!("c"))
    );
    assert_eq!(client.get_many(&[]).await, Ok(Vec::new()));
}

/// Two revisions of one document in conflict, as replication from two devices leaves them:
/// written with `new_edits: false` (which the client never does) straight through fetch.
async fn make_conflict(database: &str, id: &str) {
    let body = json!({
        "new_edits": false,
        "docs": [
            { "_id": id, "_rev": "1-aaaa", "v": "phone" },
            { "_id": id, "_rev": "1-bbbb", "v": "laptop" },
        ]
    })
    .to_string();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    let headers = web_sys::Headers::new().expect("headers");
    let admin = admin();
    let token = web_sys::window()
        .expect("a window")
        .btoa(&format!("{}:{}", admin.user, admin.password))
        .expect("ASCII credentials");
    headers
        .set("Authorization", &format!("Basic {token}"))
        .expect("a header");
    headers
        .set("Content-Type", "application/json")
        .expect("a header");
    init.set_headers(&headers);
    let url = format!("{}/{database}/_bulk_docs", server());
    let response: web_sys::Response = JsFuture::from(
        web_sys::window()
            .expect("a window")
            .fetch_with_str_and_init(&url, &init),
    )
    .await
    .expect("answered")
    .dyn_into()
    .expect("a response");
    assert_eq!(
        response.status(),
        201,
        "the conflicting revisions were not written"
    );
}

#[wasm_bindgen_test]
async fn conflicts_show_in_changes_and_get_many_and_get_revs_fetches_them() {
    let database = fresh_database();
    let client = CouchClient::new(server(), &database, admin());
    assert_eq!(client.open().await, Ok(Opened::Created));
    make_conflict(&database, "contact:x").await;

    // CouchDB's rule picks the winner (the higher revision here); the loser is listed.
    let page = client.changes(None, 10).await.expect("a page");
    assert_eq!(ids(&page.results), ["contact:x"]);
    assert_eq!(page.results[0].rev, "1-bbbb");
    assert_eq!(page.results[0].conflicts, ["1-aaaa"]);
    let docs = client
        .get_many(&["contact:x".to_string()])
        .await
        .expect("read");
    assert_eq!(
        docs[0].as_ref().map(|doc| doc.conflicts.clone()),
        Some(vec!["1-aaaa".to_string()])
    );

    let revs = client
        .get_revs(
            "contact:x",
            &[
                "1-aaaa".to_string(),
                "1-bbbb".to_string(),
                "1-gone".to_string(),
            ],
        )
        .await
        .expect("read");
    let bodies: Vec<(&str, &str)> = revs
        .iter()
        .map(|doc| {
            (
                doc["_rev"].as_str().unwrap_or_default(),
                doc["v"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(bodies, [("1-aaaa", "phone"), ("1-bbbb", "laptop")]);
    assert_eq!(
        client
            .get_revs("contact:nobody", &["1-aaaa".to_string()])
            .await,
        Ok(Vec::new())
    );

    // Resolving: the merged winner written on top of one, the other deleted; none is left.
    let resolved = client
        .bulk_docs(&[
            json!({ "_id": "contact:x", "_rev": "1-bbbb", "v": "merged" }),
            json!({ "_id": "contact:x", "_rev": "1-aaaa", "_deleted": true }),
        ])
        .await
        .expect("written");
    assert!(
        resolved
            .iter()
            .all(|result| matches!(result, WriteResult::Written { .. })),
        "{resolved:?}"
    );
    let after = client
        .get_many(&["contact:x".to_string()])
        .await
        .expect("read");
    let doc = after[0].as_ref().expect("still there");
    assert_eq!(doc.json["v"], json!("merged"));
    assert!(doc.conflicts.is_empty(), "{doc:?}");
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_wrong_password() {
    let mut credentials = admin();
    credentials.password.push_str("-wrong");
    let client = CouchClient::new(server(), &fresh_database(), credentials);
    assert_eq!(client.open().await, Err(CouchError::WrongPassword));
    assert_eq!(
        client.changes(None, 10).await,
        Err(CouchError::WrongPassword)
    );
}

#[wasm_bindgen_test]
async fn a_user_who_is_not_a_member_has_no_access() {
    let stranger = Credentials {
        user: setting(
            option_env!("RAPPORT_COUCH_STRANGER_USER"),
            "RAPPORT_COUCH_STRANGER_USER",
        )
        .to_string(),
        password: setting(
            option_env!("RAPPORT_COUCH_STRANGER_PASSWORD"),
            "RAPPORT_COUCH_STRANGER_PASSWORD",
        )
        .to_string(),
    };
    let private = setting(
        option_env!("RAPPORT_COUCH_PRIVATE_DB"),
        "RAPPORT_COUCH_PRIVATE_DB",
    );
    let client = CouchClient::new(server(), private, stranger);
    assert_eq!(client.open().await, Err(CouchError::NoAccess));
    assert_eq!(client.changes(None, 10).await, Err(CouchError::NoAccess));
}

#[wasm_bindgen_test]
async fn a_closed_port_is_unreachable() {
    let closed = setting(
        option_env!("RAPPORT_COUCH_CLOSED_URL"),
        "RAPPORT_COUCH_CLOSED_URL",
    );
    let client = CouchClient::new(closed, &fresh_database(), admin());
    assert_eq!(
        client.open().await,
        Err(CouchError::Unreachable {
            server: closed.to_string()
        })
    );
}

#[wasm_bindgen_test]
async fn a_server_without_cors_is_told_apart_from_an_unreachable_one() {
    let no_cors = setting(
        option_env!("RAPPORT_COUCH_NO_CORS_URL"),
        "RAPPORT_COUCH_NO_CORS_URL",
    );
    let origin = web_sys::window().expect("a window").origin();
    let client = CouchClient::new(no_cors, &fresh_database(), admin());
    let error = client.open().await.expect_err("CORS refuses the answer");
    assert_eq!(
        error,
        CouchError::CorsNotEnabled {
            origin: origin.clone()
        }
    );
    assert!(
        error.to_string().contains(&format!("origins = {origin}")),
        "{error}"
    );
}
