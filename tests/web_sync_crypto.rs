//! The end-to-end encryption of sync (src/sync/crypto.rs) against the real WebCrypto of
//! Chromium, Firefox and WebKit, on the test runner's page (http://127.0.0.1, a secure
//! context).
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test web_sync_crypto -- --nocapture` (the timings are printed, never asserted);
//! `GECKODRIVER=$(command -v geckodriver)` runs it in Firefox, `SAFARIDRIVER=/usr/bin/
//! WebKitWebDriver` (with a DISPLAY, and `--release` as scripts/test-all.sh does) in WebKit.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use rapport::sync::crypto::{
    decrypt, encrypt, from_base64, to_base64, CryptoError, KeyCheck, SyncKey, ITERATIONS,
    MIN_PASSPHRASE_CHARS, NONCE_LEN, TAG_LEN,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const PASSPHRASE: &str = "paper lantern under rain";

/// A note as a PR person writes them, with accents, an emoji and a quote mark.
const NOTE: &str =
    "Zoë Ångström (Le Monde) — «vielleicht» im März; prefers Signal 📱, not \"email\"";

thread_local! {
    /// One key check and key for the tests that only need a key: each derivation takes a
    /// noticeable fraction of a second (600,000 iterations), on purpose.
    static SHARED: RefCell<Option<(KeyCheck, SyncKey)>> = const { RefCell::new(None) };
}

async fn shared() -> (KeyCheck, SyncKey) {
    if let Some(shared) = SHARED.with(|shared| shared.borrow().clone()) {
        return shared;
    }
    let created = KeyCheck::create(PASSPHRASE).await.expect("a key");
    SHARED.with(|shared| *shared.borrow_mut() = Some(created.clone()));
    created
}

fn log(line: &str) {
    web_sys::console::log_1(&JsValue::from_str(line));
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

fn engine() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_test_page_is_a_secure_context_with_webcrypto() {
    let window = web_sys::window().expect("a window");
    let origin = window.location().origin().unwrap_or_default();
    let crypto = window.crypto().expect("crypto");
    let subtle = js_sys::Reflect::get(&crypto, &"subtle".into()).expect("read crypto.subtle");
    log(&format!(
        "{origin}: isSecureContext {}, crypto.subtle {}, in {}",
        window.is_secure_context(),
        if subtle.is_undefined() {
            "undefined"
        } else {
            "present"
        },
        engine()
    ));
    assert!(
        window.is_secure_context(),
        "{origin} is not a secure context"
    );
    assert!(
        !subtle.is_undefined(),
        "crypto.subtle is missing on {origin}"
    );
}

#[wasm_bindgen_test]
async fn text_with_accents_and_emoji_comes_back_byte_for_byte() {
    let (_, key) = shared().await;
    let sealed = encrypt(&key, "contact:ana", NOTE.as_bytes())
        .await
        .expect("sealed");
    assert_eq!(sealed.len(), NONCE_LEN + NOTE.len() + TAG_LEN);
    assert!(
        !sealed.windows(6).any(|window| window == "Zoë".as_bytes()),
        "the plaintext shows through"
    );
    let opened = decrypt(&key, "contact:ana", &sealed).await.expect("opened");
    assert_eq!(String::from_utf8(opened).expect("UTF-8"), NOTE);

    // Through the text form a JSON document carries, and for an empty body too.
    let text = to_base64(&sealed);
    assert!(text
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || b"+/=".contains(&byte)));
    let opened = decrypt(&key, "contact:ana", &from_base64(&text).expect("bytes"))
        .await
        .expect("opened from text");
    assert_eq!(opened, NOTE.as_bytes());
    let empty = encrypt(&key, "contact:ana", b"").await.expect("sealed");
    assert_eq!(decrypt(&key, "contact:ana", &empty).await, Ok(Vec::new()));
}

#[wasm_bindgen_test]
async fn two_encryptions_of_one_text_differ() {
    let (_, key) = shared().await;
    let first = encrypt(&key, "contact:ana", NOTE.as_bytes())
        .await
        .expect("sealed");
    let second = encrypt(&key, "contact:ana", NOTE.as_bytes())
        .await
        .expect("sealed");
    assert_ne!(
        first[..NONCE_LEN],
        second[..NONCE_LEN],
        "a nonce was used twice"
    );
    assert_ne!(first[NONCE_LEN..], second[NONCE_LEN..]);
    for sealed in [first, second] {
        assert_eq!(
            decrypt(&key, "contact:ana", &sealed).await.expect("opened"),
            NOTE.as_bytes()
        );
    }
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_refused_by_the_key_check() {
    let (key_check, _) = shared().await;
    assert_eq!(
        key_check.unlock("paper lantern under rain.").await.err(),
        Some(CryptoError::WrongPassphrase)
    );
    assert_eq!(
        key_check.unlock("Paper lantern under rain").await.err(),
        Some(CryptoError::WrongPassphrase)
    );
    assert_eq!(
        key_check.unlock("").await.err(),
        Some(CryptoError::PassphraseTooShort)
    );
    assert!(key_check.unlock(PASSPHRASE).await.is_ok());
}

#[wasm_bindgen_test]
async fn a_short_passphrase_is_refused_for_a_new_key() {
    let short = "x".repeat(MIN_PASSPHRASE_CHARS - 1);
    for passphrase in ["", short.as_str(), "🔑🔑🔑🔑🔑🔑🔑"] {
        assert_eq!(
            KeyCheck::create(passphrase).await.err(),
            Some(CryptoError::PassphraseTooShort),
            "{passphrase:?}"
        );
    }
    // Characters are counted, not bytes: fifteen of them pass whatever their UTF-8 length.
    assert!(KeyCheck::create("ééééé ééééé éé!").await.is_ok());
}

#[wasm_bindgen_test]
async fn a_tampered_byte_is_refused() {
    let (_, key) = shared().await;
    let sealed = encrypt(&key, "interaction:7", NOTE.as_bytes())
        .await
        .expect("sealed");
    // One bit flipped in the nonce, in the first and last byte of the ciphertext, in the tag.
    let tag_at = sealed.len() - TAG_LEN;
    for at in [
        0,
        NONCE_LEN - 1,
        NONCE_LEN,
        tag_at - 1,
        tag_at,
        sealed.len() - 1,
    ] {
        let mut tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assert_eq!(
            decrypt(&key, "interaction:7", &tampered).await,
            Err(CryptoError::Damaged),
            "byte {at} changed"
        );
    }
    // Cut short, lengthened, empty.
    let mut longer = sealed.clone();
    longer.push(0);
    for changed in [
        &sealed[..sealed.len() - 1],
        &sealed[..NONCE_LEN + TAG_LEN - 1],
        &longer[..],
        &[][..],
    ] {
        assert_eq!(
            decrypt(&key, "interaction:7", changed).await,
            Err(CryptoError::Damaged)
        );
    }
    // Sealed with another key (another passphrase).
    let (_, other) = KeyCheck::create("another passphrase, quite long")
        .await
        .expect("a key");
    assert_eq!(
        decrypt(&other, "interaction:7", &sealed).await,
        Err(CryptoError::Damaged)
    );
    // Text that is not base64 at all.
    assert_eq!(from_base64("not base64!"), Err(CryptoError::Damaged));
    let text = to_base64(&sealed);
    assert_eq!(from_base64(&text[1..]), Err(CryptoError::Damaged));
    assert_eq!(
        decrypt(&key, "interaction:7", &sealed)
            .await
            .expect("untouched"),
        NOTE.as_bytes()
    );
}

#[wasm_bindgen_test]
async fn a_body_moved_to_another_document_is_refused() {
    let (_, key) = shared().await;
    let ana = encrypt(&key, "contact:ana", b"{\"name\":\"Ana\"}")
        .await
        .expect("sealed");
    let ben = encrypt(&key, "contact:ben", b"{\"name\":\"Ben\"}")
        .await
        .expect("sealed");
    // The server swaps the two bodies.
    assert_eq!(
        decrypt(&key, "contact:ben", &ana).await,
        Err(CryptoError::Damaged)
    );
    assert_eq!(
        decrypt(&key, "contact:ana", &ben).await,
        Err(CryptoError::Damaged)
    );
    // An id that differs only in case, or by one character, is another document.
    assert_eq!(
        decrypt(&key, "contact:Ana", &ana).await,
        Err(CryptoError::Damaged)
    );
    assert_eq!(
        decrypt(&key, "contact:an", &ana).await,
        Err(CryptoError::Damaged)
    );
    assert!(decrypt(&key, "contact:ana", &ana).await.is_ok());
}

#[wasm_bindgen_test]
async fn another_device_unlocks_the_key_check_with_the_passphrase_alone() {
    // Device A: a new key, a body sealed with it, both stored as JSON on the server.
    let (key_check, key_a) = KeyCheck::create(PASSPHRASE).await.expect("a key");
    let body_a = to_base64(
        &encrypt(&key_a, "contact:zoe", NOTE.as_bytes())
            .await
            .expect("sealed"),
    );
    let stored = serde_json::to_string(&key_check).expect("JSON");
    assert!(!stored.contains(PASSPHRASE));
    let fields: serde_json::Value = serde_json::from_str(&stored).expect("an object");
    assert_eq!(fields["kdf"], "pbkdf2-sha256");
    assert_eq!(fields["iterations"], ITERATIONS);
    assert_eq!(
        from_base64(fields["salt"].as_str().expect("salt"))
            .expect("salt")
            .len(),
        16
    );

    // Device B reads the key check and the body from the server, and has only the passphrase.
    let read: KeyCheck = serde_json::from_str(&stored).expect("a key check");
    let key_b = read.unlock(PASSPHRASE).await.expect("unlocked");
    let opened = decrypt(&key_b, "contact:zoe", &from_base64(&body_a).expect("bytes"))
        .await
        .expect("opened on B");
    assert_eq!(String::from_utf8(opened).expect("UTF-8"), NOTE);

    // And what B writes, A reads.
    let body_b = encrypt(&key_b, "contact:zoe", b"edited on the phone")
        .await
        .expect("sealed");
    assert_eq!(
        decrypt(&key_a, "contact:zoe", &body_b)
            .await
            .expect("opened on A"),
        b"edited on the phone"
    );

    // The passphrase typed on B in another Unicode form ("é" as "e" and an accent) is the same.
    let (accented, key_c) = KeyCheck::create("caf\u{e9} on the corner, 9am")
        .await
        .expect("a key");
    let key_d = accented
        .unlock("cafe\u{301} on the corner, 9am")
        .await
        .expect("the decomposed form unlocks");
    let sealed = encrypt(&key_c, "contact:zoe", b"same key")
        .await
        .expect("sealed");
    assert_eq!(
        decrypt(&key_d, "contact:zoe", &sealed)
            .await
            .expect("opened"),
        b"same key"
    );
}

/// Prints (never asserts) what sync's encryption costs in this engine: a key derivation at
/// 600,000 iterations, and 1,000 bodies of 300 bytes encrypted and then decrypted one after
/// the other.
///
/// A derivation is timed three ways: `create` (a fresh salt, so always computed), `unlock`
/// with a wrong passphrase (computed, then refused by the check) and with the right one.
/// Firefox answers a derivation it has already made (same passphrase, salt and count) from a
/// cache in about a millisecond, so its right-passphrase `unlock` here is not a cold one; a
/// second device's first unlock is, and costs what `create` and the wrong passphrase cost.
#[wasm_bindgen_test]
async fn the_cost_of_a_key_and_of_a_thousand_bodies() {
    let mut created_in = Vec::new();
    let mut first = None;
    for _ in 0..3 {
        let started = now();
        let (key_check, _) = KeyCheck::create(PASSPHRASE).await.expect("a key");
        created_in.push(format!("{:.0}", now() - started));
        first.get_or_insert(key_check);
    }
    let key_check = first.expect("a key check");
    let started = now();
    let refused = key_check.unlock("not the passphrase at all").await;
    let refused_in = now() - started;
    assert_eq!(refused.err(), Some(CryptoError::WrongPassphrase));
    let started = now();
    let key = key_check.unlock(PASSPHRASE).await.expect("unlocked");
    let unlocked_in = now() - started;

    let body: Vec<u8> = NOTE.bytes().cycle().take(300).collect();
    let ids: Vec<String> = (0..1_000).map(|at| format!("interaction:{at}")).collect();
    let started = now();
    let mut sealed = Vec::with_capacity(ids.len());
    for id in &ids {
        sealed.push(encrypt(&key, id, &body).await.expect("sealed"));
    }
    let encrypted_in = now() - started;
    let started = now();
    for (id, sealed) in ids.iter().zip(&sealed) {
        assert_eq!(decrypt(&key, id, sealed).await.expect("opened").len(), 300);
    }
    let decrypted_in = now() - started;
    let started = now();
    let texts: Vec<String> = sealed.iter().map(|sealed| to_base64(sealed)).collect();
    for text in &texts {
        from_base64(text).expect("bytes");
    }
    let base64_in = now() - started;

    log(&format!(
        "sync crypto in {}: key derivation ({} iterations) {} ms when created, {:.0} ms to \
         refuse a wrong passphrase, {:.0} ms to unlock; 1,000 bodies of 300 bytes encrypted in {:.0} ms, decrypted in {:.0} ms \
         ({:.0} ms both); their base64 there and back {:.1} ms",
        engine(),
        ITERATIONS,
        created_in.join(", "),
        refused_in,
        unlocked_in,
        encrypted_in,
        decrypted_in,
        encrypted_in + decrypted_in,
        base64_in
    ));
}

/// What a reload finds on the device: the key's bits, kept, give the key again without the
/// passphrase; bits of another length are refused as damaged, never used.
#[wasm_bindgen_test]
async fn a_kept_key_opens_what_its_key_sealed_and_damaged_bits_are_refused() {
    use rapport::sync::crypto::KeptKey;
    let (check, key) = shared().await;
    let sealed = encrypt(&key, "contact:ana", NOTE.as_bytes())
        .await
        .expect("sealed");
    let kept_text = serde_json::to_string(key.kept()).expect("kept as JSON");
    let kept: KeptKey = serde_json::from_str(&kept_text).expect("read back");
    let again = SyncKey::from_kept(&kept).await.expect("the key again");
    assert_eq!(
        decrypt(&again, "contact:ana", &sealed).await,
        Ok(NOTE.as_bytes().to_vec())
    );
    // The same bits as the passphrase gives, on another device.
    let unlocked = check.unlock(PASSPHRASE).await.expect("unlocked");
    assert_eq!(unlocked.kept(), key.kept());
    assert!(!format!("{kept:?}{again:?}").contains(kept_text.trim_matches('"')));
    for damaged in ["\"AAAA\"", "\"not base64!\"", "\"\""] {
        let damaged: KeptKey = serde_json::from_str(damaged).expect("a text");
        assert_eq!(
            SyncKey::from_kept(&damaged).await.map(|_| ()),
            Err(CryptoError::Damaged),
            "{damaged:?}"
        );
    }
}
