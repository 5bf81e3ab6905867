//! A small CouchDB client for the page: the few calls sync needs, over the browser's `fetch`.
//!
//! - [`CouchClient::open`] finds the database, or creates it;
//! - [`CouchClient::changes`] reads the changes feed a page at a time, with the documents and
//!   their conflicting revisions;
//! - [`CouchClient::get_many`] and [`CouchClient::get_revs`] fetch documents, and the
//!   revisions in conflict;
//! - [`CouchClient::bulk_docs`] writes many documents in one request, each with the revision
//!   last seen, and says for each whether it was written or lost a race ([`WriteResult`]).
//!
//! Every failure is a [`CouchError`] whose message tells a person what happened and what to
//! do. It speaks CouchDB 3.x and pouchdb-server (the test server); where they differ (a
//! sequence is a string in one and a number in the other, one reports `pending` and the
//! other does not) the types here hide it.
//!
//! Each request carries the user name and password (HTTP basic auth) rather than the cookie
//! CouchDB's `_session` hands out: Rapport's page and the server are different sites, and
//! browsers no longer send a cross-site cookie (Safari and Firefox block or partition them,
//! and CouchDB's cookie is not `SameSite=None`), whereas an `Authorization` header works
//! across origins wherever CORS allows it. The server must then be reached over HTTPS, which
//! any CouchDB on the internet should be anyway.

use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Headers, RequestCache, RequestCredentials, RequestInit, RequestMode, Response,
};

/// How long one request may take before the server counts as unreachable. A bulk write of a
/// few hundred documents takes well under a second on a working server; a minute is for slow
/// phones on slow networks, not for a server that will never answer.
const REQUEST_TIMEOUT_MS: u32 = 60_000;
/// How long each of the two probes after a failed request may take (see
/// [`CouchClient::why_unanswered`]).
const PROBE_TIMEOUT_MS: u32 = 10_000;

/// The user name and password the server knows the person by.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The CouchDB user name.
    pub user: String,
    /// Its password, kept in memory only while the client lives.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    // A password must never reach a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// One database on one server, as one user.
#[derive(Clone)]
pub struct CouchClient {
    /// The server's address without a trailing slash, such as `https://couch.example.com`.
    server: String,
    /// The database's name, as the person typed it.
    database: String,
    /// The `Authorization` header's value, computed once.
    authorization: String,
}

impl std::fmt::Debug for CouchClient {
    // The authorization header is the password in base64: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CouchClient")
            .field("server", &self.server)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

/// What [`CouchClient::open`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The database was there.
    Existing,
    /// The database was missing and has been created (empty).
    Created,
}

/// One entry of the changes feed: the latest state of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The document's id.
    pub id: String,
    /// Where this change sits in the feed: give it back as `since` to read what follows.
    /// Opaque (CouchDB 3 gives `"12-g1AAAA…"`, pouchdb-server `12`): never compare two.
    pub seq: String,
    /// The document's winning revision.
    pub rev: String,
    /// Whether that revision deletes the document.
    pub deleted: bool,
    /// The document at that revision, as the server holds it (with `_id`, `_rev`, and
    /// `_deleted` or `_conflicts` when they apply).
    pub doc: Option<Value>,
    /// The other revisions still in conflict with the winner, to resolve and delete.
    pub conflicts: Vec<String>,
}

/// One page of the changes feed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesPage {
    /// The changes, oldest first.
    pub results: Vec<Change>,
    /// Where the page ends: the `since` of the next page, and the checkpoint once the page's
    /// changes are applied.
    pub last_seq: String,
    /// How many changes follow this page, when the server says (CouchDB does, pouchdb-server
    /// does not). Without it, a page shorter than the limit asked for is the last one.
    pub pending: Option<u64>,
}

/// A document read by [`CouchClient::get_many`].
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The document's id.
    pub id: String,
    /// Its winning revision.
    pub rev: String,
    /// The other revisions in conflict with it.
    pub conflicts: Vec<String>,
    /// The whole document as the server holds it, `_id` and `_rev` included.
    pub json: Value,
}

/// What became of one document of a [`CouchClient::bulk_docs`] write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteResult {
    /// Written: this is its new revision.
    Written {
        /// The document's id.
        id: String,
        /// Its new revision, to send with the next write of it.
        rev: String,
    },
    /// Not written: its `_rev` is not the latest (another device wrote it first, or it is
    /// new here but exists there). Read it, merge, and write again with the latest `_rev`.
    Conflict {
        /// The document's id.
        id: String,
    },
    /// Not written for another reason the server gave (a validation function, no right to
    /// write, a document over the server's size limit).
    Refused {
        /// The document's id.
        id: String,
        /// The server's words, such as `forbidden: only admins may write here`.
        reason: String,
    },
}

/// Why a request to the server failed, in words for the person, each saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CouchError {
    /// 401: the server refused the user name or password.
    #[error(
        "The server did not accept this user name and password. Check both (the password is \
         case-sensitive) and try again."
    )]
    WrongPassword,
    /// 403, or 401 for a known user: the user may not read or write this database.
    #[error(
        "This user may not use this database. Sign in as its owner, or ask whoever runs the \
         server to add this user to the database's members."
    )]
    NoAccess,
    /// The request got no answer at all: wrong address, offline, server down, or too slow.
    #[error(
        "The server at {server} did not answer. Check its address and that you are online; if \
         it is your own server, check that it is running. Nothing was lost: sync will try again."
    )]
    Unreachable {
        /// The server's address, as given.
        server: String,
    },
    /// The server answers, but its CORS settings do not let this page read its answers.
    #[error(
        "The server answers, but does not let this page talk to it: it needs CORS turned on \
         for {origin}. In CouchDB's settings (Fauxton: Configuration, then CORS; or local.ini) \
         set [chttpd] enable_cors = true, and under [cors] set origins = {origin}, credentials \
         = true and headers = accept, authorization, content-type, origin, referer. Then sync \
         again."
    )]
    CorsNotEnabled {
        /// This page's origin, the one to allow.
        origin: String,
    },
    /// 413, 507 or a quota error: the server has no room for what was sent.
    #[error(
        "The server is out of room: its disk or your plan's quota is full, or a record is \
         larger than it accepts. Free space on the server or raise its limit; your changes are \
         kept on this device until then."
    )]
    ServerFull,
    /// 404 on a database that could not be created.
    #[error(
        "The database \"{database}\" is not on the server, and this user may not create it. \
         Check its name, create it on the server, or sign in as the server's admin."
    )]
    NoDatabase {
        /// The database's name.
        database: String,
    },
    /// Any other error the server reported.
    #[error(
        "The server had a problem (HTTP {status}: {reason}). Try again later; if it goes on, \
         show this message to whoever runs the server."
    )]
    Server {
        /// The HTTP status.
        status: u16,
        /// CouchDB's words for it, or the HTTP status text.
        reason: String,
    },
    /// The address answers, but not as CouchDB does.
    #[error(
        "The address {server} answers, but not as a CouchDB server. Check that it is the \
         address of CouchDB itself (such as https://couch.example.com:6984), without a \
         database name or a page after it."
    )]
    NotCouch {
        /// The server's address, as given.
        server: String,
        /// What came back instead, for whoever debugs it (not shown to the person).
        detail: String,
    },
}

/// An answer from the server, read whole.
struct Answer {
    status: u16,
    status_text: String,
    body: String,
}

impl CouchClient {
    /// A client for `database` on the server at `server_url` (such as
    /// `https://couch.example.com:6984`; a trailing slash is fine). Nothing is sent yet.
    pub fn new(server_url: &str, database: &str, credentials: Credentials) -> Self {
        Self {
            server: server_url.trim().trim_end_matches('/').to_string(),
            database: database.trim().to_string(),
            authorization: basic_authorization(&credentials),
        }
    }

    /// Finds the database, or creates it when it is missing (which takes a user allowed to
    /// create databases: in CouchDB, a server admin).
    pub async fn open(&self) -> Result<Opened, CouchError> {
        let path = self.db_path("");
        let answer = self.send("GET", &path, None).await?;
        if is_success(answer.status) {
            let info: Value = self.parse(&answer)?;
            return match info.get("db_name") {
                Some(_) => Ok(Opened::Existing),
                None => Err(self.not_couch("a database without db_name")),
            };
        }
        if answer.status != 404 || couch_error(&answer.body).is_none() {
            return Err(self.error(&answer));
        }
        let created = self.send("PUT", &path, None).await?;
        match created.status {
            201 | 202 => Ok(Opened::Created),
            // Created by someone else between the two requests.
            412 => Ok(Opened::Existing),
            _ => match self.error(&created) {
                CouchError::NoAccess | CouchError::NoDatabase { .. } => Err(self.no_database()),
                other => Err(other),
            },
        }
    }

    /// The changes after `since` (from the start when `None`), at most `limit` of them, each
    /// with its document and its conflicting revisions.
    pub async fn changes(
        &self,
        since: Option<&str>,
        limit: usize,
    ) -> Result<ChangesPage, CouchError> {
        let mut query = format!(
            "/_changes?include_docs=true&conflicts=true&limit={}",
            limit.max(1)
        );
        if let Some(since) = since {
            query.push_str("&since=");
            query.push_str(&encode_component(since));
        }
        let answer = self.send("GET", &self.db_path(&query), None).await?;
        if !is_success(answer.status) {
            return Err(self.error(&answer));
        }
        let wire: WireChanges = self.parse(&answer)?;
        let last_seq = seq_text(&wire.last_seq).ok_or_else(|| self.not_couch("last_seq"))?;
        let results = wire
            .results
            .into_iter()
            .map(|change| {
                let seq = seq_text(&change.seq).ok_or_else(|| self.not_couch("a change's seq"))?;
                let rev = change
                    .changes
                    .into_iter()
                    .next()
                    .map(|first| first.rev)
                    .ok_or_else(|| self.not_couch("a change without a revision"))?;
                Ok(Change {
                    conflicts: change.doc.as_ref().map(conflicts_of).unwrap_or_default(),
                    id: change.id,
                    seq,
                    rev,
                    deleted: change.deleted,
                    doc: change.doc,
                })
            })
            .collect::<Result<Vec<_>, CouchError>>()?;
        Ok(ChangesPage {
            results,
            last_seq,
            pending: wire.pending,
        })
    }

    /// The documents of `ids`, in the same order: `None` for an id the server does not have
    /// or has deleted.
    pub async fn get_many(&self, ids: &[String]) -> Result<Vec<Option<Doc>>, CouchError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({ "keys": ids }).to_string();
        let path = self.db_path("/_all_docs?include_docs=true&conflicts=true");
        let answer = self.send("POST", &path, Some(&body)).await?;
        if !is_success(answer.status) {
            return Err(self.error(&answer));
        }
        let wire: WireAllDocs = self.parse(&answer)?;
        if wire.rows.len() != ids.len() {
            return Err(self.not_couch("_all_docs answered another number of rows than keys"));
        }
        // CouchDB answers one row per key, in the keys' order.
        Ok(wire.rows.into_iter().map(|row| doc_of(row.doc)).collect())
    }

    /// The revisions `revs` of the document `id`, to resolve a conflict: each one found, in
    /// the order asked (a deleted revision has `"_deleted": true`; one the server no longer
    /// has is left out).
    pub async fn get_revs(&self, id: &str, revs: &[String]) -> Result<Vec<Value>, CouchError> {
        if revs.is_empty() {
            return Ok(Vec::new());
        }
        let wanted = Value::from(revs.to_vec()).to_string();
        let path = self.db_path(&format!(
            "/{}?open_revs={}",
            encode_component(id),
            encode_component(&wanted)
        ));
        // Accept: application/json (sent with every request) makes CouchDB answer JSON here
        // rather than multipart.
        let answer = self.send("GET", &path, None).await?;
        if answer.status == 404 && is_missing_document(&answer.body) {
            return Ok(Vec::new());
        }
        if !is_success(answer.status) {
            return Err(self.error(&answer));
        }
        let found: Vec<WireOpenRev> = self.parse(&answer)?;
        Ok(found.into_iter().filter_map(|rev| rev.ok).collect())
    }

    /// Writes `docs` in one request. Each carries its `_id` and, unless it is new, the `_rev`
    /// last seen; the answer says, in the same order, what became of each.
    pub async fn bulk_docs(&self, docs: &[Value]) -> Result<Vec<WriteResult>, CouchError> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({ "docs": docs }).to_string();
        let answer = self
            .send("POST", &self.db_path("/_bulk_docs"), Some(&body))
            .await?;
        // 417 is CouchDB's answer when a validation function refused some of them: the body
        // still says which.
        if !is_success(answer.status) && answer.status != 417 {
            return Err(self.error(&answer));
        }
        let rows: Vec<WireWrite> = self.parse(&answer)?;
        Ok(rows.into_iter().map(write_result).collect())
    }

    /// `/<database><rest>`, the database's name escaped (a `/` in it is part of the name).
    fn db_path(&self, rest: &str) -> String {
        format!("/{}{rest}", encode_component(&self.database))
    }

    /// Sends one request as the person and reads the whole answer. Fails only when no answer
    /// came (an HTTP error is an answer: the caller judges it).
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Result<Answer, CouchError> {
        let window = web_sys::window().ok_or_else(|| self.unreachable())?;
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        // Basic auth in a header; no cookie (see the module's doc).
        init.set_credentials(RequestCredentials::Omit);
        // The changes feed must never come from a cache.
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS)));
        let headers = self.headers(body.is_some())?;
        init.set_headers(&headers);
        if let Some(body) = body {
            init.set_body(&JsValue::from_str(body));
        }
        let url = format!("{}{path}", self.server);
        let response = match JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await {
            Ok(response) => response
                .dyn_into::<Response>()
                .map_err(|_| self.not_couch("fetch gave no Response"))?,
            Err(error) => return Err(self.why_unanswered(&window, &error).await),
        };
        // A connection cut while the body arrives is no answer either.
        let text = response.text().map_err(|_| self.unreachable())?;
        let body = JsFuture::from(text)
            .await
            .map_err(|_| self.unreachable())?
            .as_string()
            .ok_or_else(|| self.not_couch("a body that is not text"))?;
        Ok(Answer {
            status: response.status(),
            status_text: response.status_text(),
            body,
        })
    }

    fn headers(&self, json_body: bool) -> Result<Headers, CouchError> {
        // Setting a header fails only on a forbidden name or a value with a line break;
        // these are fixed names and base64, so a failure means no usable fetch at all.
        let fail = |_| self.unreachable();
        let headers = Headers::new().map_err(fail)?;
        headers
            .set("Authorization", &self.authorization)
            .map_err(fail)?;
        headers.set("Accept", "application/json").map_err(fail)?;
        if json_body {
            headers
                .set("Content-Type", "application/json")
                .map_err(fail)?;
        }
        Ok(headers)
    }

    /// A fetch that fails gives the page no reason (a closed port, a refused CORS check and
    /// being offline all look alike), so two probes tell them apart:
    /// 1. the same kind of request again (to the server's root): if it is answered now, the
    ///    failure was a passing one (the server restarting, the network dropping), and the
    ///    next sync will do;
    /// 2. otherwise a `no-cors` request, which the browser lets through without CORS but
    ///    whose answer the page may not read: if it is answered, the server is there and
    ///    only CORS stands in the way.
    ///
    /// In a cross-origin isolated page (COEP `require-corp`) the browser refuses the `no-cors`
    /// answer too, so a CORS refusal reads as unreachable there; the app's page is not
    /// isolated.
    async fn why_unanswered(&self, window: &web_sys::Window, error: &JsValue) -> CouchError {
        let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
            .ok()
            .and_then(|name| name.as_string())
            .unwrap_or_default();
        // Timed out: the server took the request and never answered; probing would wait again.
        if name == "TimeoutError" || name == "AbortError" {
            return self.unreachable();
        }
        let root = format!("{}/", self.server);
        let probe = |mode: RequestMode| {
            let init = RequestInit::new();
            init.set_method("GET");
            init.set_mode(mode);
            init.set_credentials(RequestCredentials::Omit);
            init.set_cache(RequestCache::NoStore);
            init.set_signal(Some(&AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS)));
            if mode == RequestMode::Cors {
                if let Ok(headers) = self.headers(false) {
                    init.set_headers(&headers);
                }
            }
            JsFuture::from(window.fetch_with_str_and_init(&root, &init))
        };
        if probe(RequestMode::Cors).await.is_ok() {
            return self.unreachable();
        }
        if probe(RequestMode::NoCors).await.is_ok() {
            return CouchError::CorsNotEnabled {
                origin: window.origin(),
            };
        }
        self.unreachable()
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self, answer: &Answer) -> Result<T, CouchError> {
        serde_json::from_str(&answer.body).map_err(|error| {
            self.not_couch(&format!(
                "HTTP {}, {error}: {}",
                answer.status,
                excerpt(&answer.body)
            ))
        })
    }

    fn error(&self, answer: &Answer) -> CouchError {
        classify(
            answer.status,
            &answer.status_text,
            &answer.body,
            &self.server,
            &self.database,
        )
    }

    fn unreachable(&self) -> CouchError {
        CouchError::Unreachable {
            server: self.server.clone(),
        }
    }

    fn no_database(&self) -> CouchError {
        CouchError::NoDatabase {
            database: self.database.clone(),
        }
    }

    fn not_couch(&self, detail: &str) -> CouchError {
        CouchError::NotCouch {
            server: self.server.clone(),
            detail: detail.to_string(),
        }
    }
}

/// The changes feed as the server sends it.
#[derive(Deserialize)]
struct WireChanges {
    results: Vec<WireChange>,
    last_seq: Value,
    #[serde(default)]
    pending: Option<u64>,
}

#[derive(Deserialize)]
struct WireChange {
    id: String,
    seq: Value,
    changes: Vec<WireRev>,
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    doc: Option<Value>,
}

#[derive(Deserialize)]
struct WireRev {
    rev: String,
}

#[derive(Deserialize)]
struct WireAllDocs {
    rows: Vec<WireRow>,
}

/// One row of `_all_docs` with keys: a missing id has `error` and no `doc`, a deleted one a
/// `null` doc.
#[derive(Deserialize)]
struct WireRow {
    #[serde(default)]
    doc: Option<Value>,
}

/// One entry of an `open_revs` answer: `{"ok": doc}` or `{"missing": rev}`.
#[derive(Deserialize)]
struct WireOpenRev {
    #[serde(default)]
    ok: Option<Value>,
}

/// One entry of a `_bulk_docs` answer: `{"ok": true, "id", "rev"}` or `{"id", "error",
/// "reason"}`.
#[derive(Deserialize)]
struct WireWrite {
    #[serde(default)]
    id: String,
    #[serde(default)]
    rev: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

fn write_result(row: WireWrite) -> WriteResult {
    match (row.error, row.rev) {
        (None, Some(rev)) => WriteResult::Written { id: row.id, rev },
        (Some(error), _) if error == "conflict" => WriteResult::Conflict { id: row.id },
        (error, _) => WriteResult::Refused {
            id: row.id,
            reason: match (error, row.reason) {
                (Some(error), Some(reason)) => format!("{error}: {reason}"),
                (Some(text), None) | (None, Some(text)) => text,
                (None, None) => "no revision given".to_string(),
            },
        },
    }
}

fn doc_of(doc: Option<Value>) -> Option<Doc> {
    let json = doc.filter(|doc| doc.is_object())?;
    if json.get("_deleted").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    Some(Doc {
        id: json.get("_id")?.as_str()?.to_string(),
        rev: json.get("_rev")?.as_str()?.to_string(),
        conflicts: conflicts_of(&json),
        json,
    })
}

fn conflicts_of(doc: &Value) -> Vec<String> {
    doc.get("_conflicts")
        .and_then(Value::as_array)
        .map(|revs| {
            revs.iter()
                .filter_map(|rev| rev.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A sequence as text: CouchDB's are strings, pouchdb-server's numbers.
fn seq_text(seq: &Value) -> Option<String> {
    match seq {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// CouchDB's error body, `{"error": "...", "reason": "..."}`, if the body is one.
fn couch_error(body: &str) -> Option<(String, String)> {
    let value: Value = serde_json::from_str(body).ok()?;
    let error = value.get("error")?.as_str()?.to_string();
    let reason = value
        .get("reason")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Some((error, reason))
}

/// A 404 about a document (missing or deleted), not about the database.
fn is_missing_document(body: &str) -> bool {
    matches!(couch_error(body), Some((error, reason))
        if error == "not_found" && (reason == "missing" || reason == "deleted"))
}

/// The error an HTTP answer that is not a success stands for.
fn classify(
    status: u16,
    status_text: &str,
    body: &str,
    server: &str,
    database: &str,
) -> CouchError {
    let couch = couch_error(body);
    let words = couch
        .as_ref()
        .map(|(error, reason)| format!("{error} {reason}").to_lowercase())
        .unwrap_or_default();
    if status == 413 || status == 507 || words.contains("quota") || words.contains("too_large") {
        return CouchError::ServerFull;
    }
    match (status, couch) {
        // With credentials sent, CouchDB answers 401 for a wrong name or password, and also
        // for a known user who is not a server admin ("You are not a server admin.");
        // pouchdb-server also for a user who is not a member of the database ("You are not
        // authorized to access this db.", where CouchDB says 403).
        (401, _)
            if words.contains("not a server admin")
                || words.contains("not authorized to access") =>
        {
            CouchError::NoAccess
        }
        (401, _) => CouchError::WrongPassword,
        (403, _) => CouchError::NoAccess,
        (404, Some(_)) => CouchError::NoDatabase {
            database: database.to_string(),
        },
        (status, Some((error, reason))) => CouchError::Server {
            status,
            reason: if reason.is_empty() { error } else { reason },
        },
        (status, None) if status >= 500 => CouchError::Server {
            status,
            reason: if status_text.is_empty() {
                "no reason given".to_string()
            } else {
                status_text.to_string()
            },
        },
        (status, None) => CouchError::NotCouch {
            server: server.to_string(),
            detail: format!("HTTP {status}: {}", excerpt(body)),
        },
    }
}

/// The start of a body, for an error's detail.
fn excerpt(body: &str) -> String {
    body.chars().take(200).collect()
}

/// `encodeURIComponent`: every byte but the unreserved ones escaped, so a database name or
/// an id with `/`, `:`, `+` or spaces stays one path segment or query value.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `Basic <base64 of user:password>` (RFC 7617), the name and password in UTF-8 as CouchDB
/// reads them; not through `btoa`, which takes Latin-1 only. The same base64 as the sealed
/// bodies ([`super::crypto::to_base64`]).
fn basic_authorization(credentials: &Credentials) -> String {
    let pair = format!("{}:{}", credentials.user, credentials.password);
    format!("Basic {}", super::crypto::to_base64(pair.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(user: &str, password: &str) -> Credentials {
        Credentials {
            user: user.to_string(),
            password: password.to_string(),
        }
    }

    #[test]
    fn basic_authorization_is_rfc_7617_in_utf8() {
        // RFC 7617's own example, then one byte short and two bytes short of a full group.
        assert_eq!(
            basic_authorization(&credentials("Aladdin", "open sesame")),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_authorization(&credentials("a", "b")), "Basic YTpi");
        assert_eq!(
            basic_authorization(&credentials("ab", "c")),
            "Basic YWI6Yw=="
        );
        assert_eq!(
            basic_authorization(&credentials("ab", "cd")),
            "Basic YWI6Y2Q="
        );
        // RFC 7617's UTF-8 example: "test" / "123£".
        assert_eq!(
            basic_authorization(&credentials("test", "123\u{a3}")),
            "Basic dGVzdDoxMjPCow=="
        );
    }

    #[test]
    fn neither_credentials_nor_a_client_print_the_password() {
        let printed = format!("{:?}", credentials("léa", "hunter2"));
        assert!(printed.contains("léa"));
        assert!(!printed.contains("hunter2"), "{printed}");
        let client = CouchClient::new(
            "https://couch.example.com",
            "ledger",
            credentials("léa", "hunter2"),
        );
        let printed = format!("{client:?}");
        assert!(printed.contains("ledger"), "{printed}");
        assert!(!printed.contains(&client.authorization), "{printed}");
    }

    #[test]
    fn names_ids_and_sequences_stay_one_segment() {
        assert_eq!(
            encode_component("contact:01J/x y+z"),
            "contact%3A01J%2Fx%20y%2Bz"
        );
        assert_eq!(encode_component("12-g1AAAA_b"), "12-g1AAAA_b");
        assert_eq!(encode_component("é"), "%C3%A9");
        let client = CouchClient::new(
            "https://couch.example.com/ ",
            "team/ledger",
            credentials("a", "b"),
        );
        assert_eq!(client.server, "https://couch.example.com");
        assert_eq!(client.db_path("/_changes"), "/team%2Fledger/_changes");
    }

    fn classify_here(status: u16, body: &str) -> CouchError {
        classify(
            status,
            "Status Text",
            body,
            "https://couch.example.com",
            "ledger",
        )
    }

    #[test]
    fn each_http_failure_is_its_plain_error() {
        let wrong = r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#;
        assert_eq!(classify_here(401, wrong), CouchError::WrongPassword);
        assert_eq!(classify_here(401, ""), CouchError::WrongPassword);
        let not_admin = r#"{"error":"unauthorized","reason":"You are not a server admin."}"#;
        assert_eq!(classify_here(401, not_admin), CouchError::NoAccess);
        let not_member =
            r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#;
        assert_eq!(classify_here(401, not_member), CouchError::NoAccess);
        let forbidden =
            r#"{"error":"forbidden","reason":"You are not allowed to access this db."}"#;
        assert_eq!(classify_here(403, forbidden), CouchError::NoAccess);
        assert_eq!(classify_here(413, ""), CouchError::ServerFull);
        assert_eq!(classify_here(507, "{}"), CouchError::ServerFull);
        let quota = r#"{"error":"forbidden","reason":"Database quota exceeded"}"#;
        assert_eq!(classify_here(403, quota), CouchError::ServerFull);
        let missing = r#"{"error":"not_found","reason":"Database does not exist."}"#;
        assert_eq!(
            classify_here(404, missing),
            CouchError::NoDatabase {
                database: "ledger".to_string()
            }
        );
        let broken = r#"{"error":"unknown_error","reason":"function_clause"}"#;
        assert_eq!(
            classify_here(500, broken),
            CouchError::Server {
                status: 500,
                reason: "function_clause".to_string()
            }
        );
        assert_eq!(
            classify_here(502, "<html>Bad gateway</html>"),
            CouchError::Server {
                status: 502,
                reason: "Status Text".to_string()
            }
        );
        assert!(matches!(
            classify_here(404, "<html>Not found</html>"),
            CouchError::NotCouch { .. }
        ));
    }

    #[test]
    fn the_cors_message_names_the_origin_and_every_setting() {
        let message = CouchError::CorsNotEnabled {
            origin: "https://rapport.example".to_string(),
        }
        .to_string();
        for needed in [
            "origins = https://rapport.example",
            "enable_cors = true",
            "credentials = true",
            "headers = accept, authorization, content-type, origin, referer",
        ] {
            assert!(message.contains(needed), "{needed} missing from: {message}");
        }
    }

    #[test]
    fn bulk_answers_become_write_results() {
        let rows: Vec<WireWrite> = serde_json::from_str(
            r#"[{"ok":true,"id":"a","rev":"2-x"},
                {"id":"b","error":"conflict","reason":"Document update conflict."},
                {"id":"c","error":"forbidden","reason":"read only"}]"#,
        )
        .expect("valid JSON");
        let results: Vec<WriteResult> = rows.into_iter().map(write_result).collect();
        assert_eq!(
            results,
            [
                WriteResult::Written {
                    id: "a".to_string(),
                    rev: "2-x".to_string()
                },
                WriteResult::Conflict {
                    id: "b".to_string()
                },
                WriteResult::Refused {
                    id: "c".to_string(),
                    reason: "forbidden: read only".to_string()
                },
            ]
        );
    }

    #[test]
    fn sequences_are_text_whether_string_or_number() {
        assert_eq!(seq_text(&json!(12)).as_deref(), Some("12"));
        assert_eq!(seq_text(&json!("12-g1AA")).as_deref(), Some("12-g1AA"));
        assert_eq!(seq_text(&json!(null)), None);
    }

    #[test]
    fn a_deleted_or_missing_row_is_no_document() {
        assert_eq!(doc_of(None), None);
        assert_eq!(doc_of(Some(Value::Null)), None);
        assert_eq!(
            doc_of(Some(json!({"_id": "a", "_rev": "2-x", "_deleted": true}))),
            None
        );
        let doc = doc_of(Some(
            json!({"_id": "a", "_rev": "2-x", "_conflicts": ["2-y"], "v": 1}),
        ))
        .expect("a document");
        assert_eq!((doc.id.as_str(), doc.rev.as_str()), ("a", "2-x"));
        assert_eq!(doc.conflicts, ["2-y"]);
    }
}
