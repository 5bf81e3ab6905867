//! The end-to-end encryption of sync: what leaves the browser is unreadable without the sync
//! passphrase, and the server that stores it never sees that passphrase or the key.
//!
//! - The key ([`SyncKey`]) is derived from the sync passphrase and a random 16-byte salt by
//!   PBKDF2-HMAC-SHA-256 at [`ITERATIONS`] iterations, imported as an AES-256-GCM key the
//!   page cannot read out (non-extractable). Its bits are kept on this device
//!   ([`KeptKey`], which says why that is acceptable) so a reload needs no passphrase.
//! - Each document's body is sealed by [`encrypt`]: AES-256-GCM with a fresh random 12-byte
//!   nonce per call, laid out as nonce ‖ ciphertext ‖ 16-byte tag. The document's id is the
//!   associated data, so the server cannot move one document's body under another id (the
//!   contact "Ana" put in place of "Ben"): [`decrypt`] refuses it like any other change.
//!   [`to_base64`] and [`from_base64`] carry a sealed body in JSON.
//! - The salt, the iteration count and a known constant sealed with the key are stored on the
//!   server as a [`KeyCheck`], an ordinary document, so a second device needs only the
//!   passphrase, and a wrong passphrase is refused before any document is read or written.
//!
//! Why WebCrypto's PBKDF2 and not Argon2id compiled to WebAssembly: Argon2id is memory-hard,
//! so per second of the person's waiting it costs a guessing attacker with graphics cards
//! more than PBKDF2 does, and OWASP ranks it first. But here it would be the slower and
//! heavier choice everywhere else. WebCrypto is the browser's own native, constant-time
//! code (BoringSSL in Chromium, NSS in Firefox, the platform's library in WebKit): it adds
//! no cryptographic code to the download, runs PBKDF2 and AES-GCM at native speed off the
//! page's thread, and uses the key as a non-extractable handle (its bits pass through
//! WebAssembly's memory once, to be kept on this device beside the ledger they protect:
//! [`KeptKey`]). Argon2id in WebAssembly would add its code and BLAKE2b to the
//! module, run single-threaded at a fraction of native speed (so the parameters a phone can
//! afford in a second are weaker than the same second natively), and still need an AES-GCM
//! (WebCrypto's, fed raw key bytes from WebAssembly memory, or more shipped code). PBKDF2-
//! HMAC-SHA-256 at OWASP's count is the standard, approved alternative; the weaker resistance
//! to graphics cards is answered by a long passphrase ([`MIN_PASSPHRASE_CHARS`]). The count
//! is stored in the key check, so it can be raised later: a new key check, with a new salt,
//! and every body encrypted again, as when the passphrase changes.
//!
//! Sealed bodies travel in JSON as base64 through the `base64` crate, not the browser's
//! `btoa`/`atob`. Both are correct here (whatever a decoder tolerates, the bytes it yields
//! are then authenticated), and `btoa`/`atob` added 7.5 KB less to the release module (2 KB
//! less brotli), but they were ten times slower, copying every body through a JavaScript
//! string each way: 1,000 bodies of 300 bytes there and back took 48 to 156 ms in the three
//! engines against 3 to 18 ms, which for the capacity ledger's 105,000 documents is seconds
//! of a first sync, as much again as the encryption. The crate was already in the dependency
//! tree (through Leptos), is strict (one text per body) and needs no browser, so its tests
//! run natively.
//!
//! Everything here is asynchronous (WebCrypto answers with promises) and needs a secure
//! context: a page on `https://`, or on `localhost` / `127.0.0.1`. Elsewhere browsers hide
//! `crypto.subtle`, and every call here says [`CryptoError::Unavailable`].

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use js_sys::{Array, JsString, Promise, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, Crypto, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// The key derivation a [`KeyCheck`] names; the only one there is so far.
pub const KDF: &str = "pbkdf2-sha256";

/// PBKDF2-HMAC-SHA-256 iterations for a new key: OWASP's current recommendation for this
/// hash, "600,000 iterations" (OWASP Password Storage Cheat Sheet, section "PBKDF2",
/// <https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2>).
/// A key check keeps the count it was made with, so raising this changes only new keys.
pub const ITERATIONS: u32 = 600_000;

/// Bytes of random salt per key (128 bits, as NIST SP 800-132 asks at least).
pub const SALT_LEN: usize = 16;

/// Bytes of the random nonce before each sealed body: 96 bits, the size GCM is built for.
/// Random nonces stay safe for 2^32 encryptions under one key (NIST SP 800-38D, 8.3); even a
/// capacity ledger written over many times is a few million.
pub const NONCE_LEN: usize = 12;

/// Bytes of the authentication tag at the end of each sealed body (128 bits, the default).
pub const TAG_LEN: usize = 16;

/// The shortest sync passphrase accepted for a new key, in Unicode characters (code points,
/// after normalization). 15 is NIST's minimum for a password that is the only factor
/// (SP 800-63B-4, 3.1.1.2, 2025), and the sync passphrase is exactly that, under the worst
/// attack there is: whoever holds a copy of the server's database can guess offline, as fast
/// as their hardware allows, with no lockout. A 600,000-iteration PBKDF2 still lets one
/// graphics card try thousands of guesses a second, so the length, not the KDF, carries the
/// strength; three or four ordinary words ("paper lantern under rain") pass and are easy to
/// remember. An existing key check is unlocked whatever the passphrase's length (only an
/// empty one is refused), so raising this minimum never locks anyone out.
pub const MIN_PASSPHRASE_CHARS: usize = 15;

/// The known text a [`KeyCheck`] seals: it decrypts only under the right key.
const CHECK_PLAINTEXT: &[u8] = b"Rapport sync key check, version 1";

/// The associated data the key check is sealed with. CouchDB refuses document ids that
/// begin with an underscore (other than its own `_design/` and `_local/`), so no document's
/// body can ever be taken for the key check or the other way round.
const CHECK_ASSOCIATED_DATA: &str = "_rapport_key_check";

/// Why encrypting or decrypting failed, in words for the person who syncs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The browser offers no WebCrypto here: the page is not in a secure context.
    #[error(
        "This browser will not encrypt on this page: encryption only works on a page opened \
         over https:// (or at localhost on this computer). Open Rapport from its https:// \
         address to sync."
    )]
    Unavailable,
    /// The passphrase does not unlock the key check on the server.
    #[error(
        "That sync passphrase does not open the copy on the server. Check it (capitals and \
         spaces count) and try again; nothing was changed."
    )]
    WrongPassphrase,
    /// A new passphrase is shorter than [`MIN_PASSPHRASE_CHARS`], or empty.
    #[error(
        "The sync passphrase needs at least {} characters. A few ordinary words in a row are \
         easy to remember and hard to guess.",
        MIN_PASSPHRASE_CHARS
    )]
    PassphraseTooShort,
    /// A sealed body (or the key check) does not decrypt: changed, cut short, moved to another
    /// document, or sealed with another key.
    #[error(
        "Something stored on the sync server is damaged, or was changed by someone without \
         the passphrase, so it was not read."
    )]
    Damaged,
    /// The browser refused for another reason, given as it said it.
    #[error("The browser could not encrypt or decrypt: {0}")]
    Failed(String),
}

/// The key every document's body is encrypted with: AES-256-GCM, derived from the sync
/// passphrase, held by the browser as a key the page cannot read out of it (not
/// extractable). Cheap to clone (a handle, and the [`KeptKey`] to keep it by).
#[derive(Clone)]
pub struct SyncKey {
    key: CryptoKey,
    kept: KeptKey,
}

impl fmt::Debug for SyncKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("SyncKey(AES-256-GCM, not extractable)")
    }
}

/// The derived key's 256 bits, in base64, kept on this device (`rapport.sync`) so a reload
/// does not ask for the passphrase again and does not spend the key derivation's second.
///
/// Keeping them here is acceptable because this device already holds everything the key
/// protects, in the clear: the ledger itself is in the same localStorage. Whoever can read
/// these bits on this device can read the ledger beside them; the key adds nothing to what
/// they have, except the server copy, which is the same ledger. What the key must never do
/// is leave the device, and it never does: the server only ever sees sealed bodies and the
/// key check. Turning sync off, and "erase everything", remove it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeptKey(String);

impl fmt::Debug for KeptKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("KeptKey(…)")
    }
}

impl SyncKey {
    /// Runs PBKDF2 over the passphrase (already normalized) and the salt. The passphrase's
    /// bytes are copied into the browser once and overwritten with zeros after the import.
    async fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<Self, CryptoError> {
        let subtle = subtle()?;
        let secret = Uint8Array::from(passphrase.as_bytes());
        let imported = settle(subtle.import_key_with_str(
            "raw",
            &secret,
            "PBKDF2",
            false,
            &Array::of1(&"deriveBits".into()),
        ))
        .await;
        secret.fill(0, 0, secret.length());
        let base: CryptoKey = imported.map_err(failed)?.unchecked_into();
        let params =
            Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
        let bits = settle(subtle.derive_bits_with_object(&params, &base, 256))
            .await
            .map_err(failed)?;
        let bits = Uint8Array::new(&bits).to_vec();
        Self::import(&subtle, &bits).await
    }

    /// The key again from the bits [`kept`](Self::kept) on this device.
    pub async fn from_kept(kept: &KeptKey) -> Result<Self, CryptoError> {
        let bits = from_base64(&kept.0)?;
        if bits.len() != 32 {
            return Err(CryptoError::Damaged);
        }
        Self::import(&subtle()?, &bits).await
    }

    /// What to keep on this device to have this key again without the passphrase.
    pub fn kept(&self) -> &KeptKey {
        &self.kept
    }

    /// An AES-256-GCM key of `bits`, not extractable.
    async fn import(subtle: &SubtleCrypto, bits: &[u8]) -> Result<Self, CryptoError> {
        let raw = Uint8Array::from(bits);
        let imported = settle(subtle.import_key_with_str(
            "raw",
            &raw,
            "AES-GCM",
            false,
            &Array::of2(&"encrypt".into(), &"decrypt".into()),
        ))
        .await;
        raw.fill(0, 0, raw.length());
        Ok(Self {
            key: imported.map_err(failed)?.unchecked_into(),
            kept: KeptKey(to_base64(bits)),
        })
    }
}

/// Seals `plaintext` as the body of the document `doc_id`: a fresh random nonce, then the
/// AES-256-GCM ciphertext and tag, with the id as associated data (it is not stored in the
/// output; [`decrypt`] must be given the same id).
pub async fn encrypt(
    key: &SyncKey,
    doc_id: &str,
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let nonce = random::<NONCE_LEN>()?;
    let sealed = settle(subtle.encrypt_with_object_and_u8_array(
        &gcm_params(&nonce, doc_id),
        &key.key,
        plaintext,
    ))
    .await
    .map_err(failed)?;
    let sealed = Uint8Array::new(&sealed);
    let mut out = vec![0; NONCE_LEN + sealed.length() as usize];
    out[..NONCE_LEN].copy_from_slice(&nonce);
    sealed.copy_to(&mut out[NONCE_LEN..]);
    Ok(out)
}

/// Opens what [`encrypt`] sealed for the document `doc_id`. A body that was changed by even
/// one bit, cut short, sealed for another document or with another key is
/// [`CryptoError::Damaged`]; nothing of it is returned.
pub async fn decrypt(key: &SyncKey, doc_id: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::Damaged);
    }
    let subtle = subtle()?;
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    match settle(subtle.decrypt_with_object_and_u8_array(
        &gcm_params(nonce, doc_id),
        &key.key,
        body,
    ))
    .await
    {
        Ok(plaintext) => Ok(Uint8Array::new(&plaintext).to_vec()),
        // WebCrypto's one answer for a tag that does not match, whatever the cause.
        Err(error) if error_name(&error).as_deref() == Some("OperationError") => {
            Err(CryptoError::Damaged)
        }
        Err(error) => Err(failed(error)),
    }
}

/// A sealed body as text for a JSON document: standard base64 with padding (RFC 4648, 4).
pub fn to_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of [`to_base64`]'s text. Text that is not canonical base64 (another alphabet,
/// missing padding, spaces, stray bits in the last character) is [`CryptoError::Damaged`].
pub fn from_base64(text: &str) -> Result<Vec<u8>, CryptoError> {
    STANDARD.decode(text).map_err(|_| CryptoError::Damaged)
}

/// What a second device needs to find the key from the passphrase, stored on the server as
/// an ordinary document: the key derivation, its iteration count and salt, and a known
/// constant sealed with the key. With a wrong passphrase [`KeyCheck::unlock`] fails before
/// any document is read or written. Whoever reads it can test guesses at the passphrase
/// offline, as they could against any sealed body; each guess costs a whole derivation,
/// hence the count and [`MIN_PASSPHRASE_CHARS`].
///
/// A server cannot weaken it: a key check with a lower count or another salt would need a
/// constant sealed with the key those give, which takes the passphrase to make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCheck {
    /// [`KDF`]; another value means a newer Rapport wrote it.
    kdf: String,
    iterations: u32,
    /// The salt, in base64.
    salt: String,
    /// The sealed constant, in base64.
    check: String,
}

impl KeyCheck {
    /// A new key from `passphrase` (at least [`MIN_PASSPHRASE_CHARS`] characters) and a new
    /// random salt, and the key check that lets another device find it again.
    pub async fn create(passphrase: &str) -> Result<(Self, SyncKey), CryptoError> {
        let passphrase = normalized(passphrase);
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(CryptoError::PassphraseTooShort);
        }
        let salt = random::<SALT_LEN>()?;
        let key = SyncKey::derive(&passphrase, &salt, ITERATIONS).await?;
        let check = encrypt(&key, CHECK_ASSOCIATED_DATA, CHECK_PLAINTEXT).await?;
        let key_check = Self {
            kdf: KDF.to_owned(),
            iterations: ITERATIONS,
            salt: to_base64(&salt),
            check: to_base64(&check),
        };
        Ok((key_check, key))
    }

    /// The key `passphrase` gives with this check's salt and count, if it opens the check;
    /// [`CryptoError::WrongPassphrase`] if it does not.
    pub async fn unlock(&self, passphrase: &str) -> Result<SyncKey, CryptoError> {
        let passphrase = normalized(passphrase);
        if passphrase.is_empty() {
            return Err(CryptoError::PassphraseTooShort);
        }
        if self.kdf != KDF {
            return Err(CryptoError::Failed(format!(
                "the key on the server was made with \"{}\", which this version of Rapport does \
                 not know; reload the page to update it",
                self.kdf
            )));
        }
        let salt = from_base64(&self.salt)?;
        let check = from_base64(&self.check)?;
        if salt.is_empty() || self.iterations == 0 || check.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Damaged);
        }
        let key = SyncKey::derive(&passphrase, &salt, self.iterations).await?;
        match decrypt(&key, CHECK_ASSOCIATED_DATA, &check).await {
            Ok(constant) if constant == CHECK_PLAINTEXT => Ok(key),
            // The check is well formed, so a tag that does not match means another key.
            Ok(_) | Err(CryptoError::Damaged) => Err(CryptoError::WrongPassphrase),
            Err(error) => Err(error),
        }
    }

    /// Whether `key` is the key this check was made with: a device whose key no longer
    /// opens the server's check knows the passphrase was changed elsewhere.
    pub async fn is_opened_by(&self, key: &SyncKey) -> bool {
        let Ok(check) = from_base64(&self.check) else {
            return false;
        };
        decrypt(key, CHECK_ASSOCIATED_DATA, &check)
            .await
            .is_ok_and(|constant| constant == CHECK_PLAINTEXT)
    }

    /// The PBKDF2 iterations this check's key was derived with: below [`ITERATIONS`], the
    /// key is due for a new one.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// The passphrase in Unicode's NFKC form, as NIST SP 800-63B asks before hashing: "é" typed
/// as one character on one device and as "e" plus an accent on another must give one key.
fn normalized(passphrase: &str) -> String {
    String::from(JsString::from(passphrase).normalize("NFKC"))
}

fn crypto() -> Result<Crypto, CryptoError> {
    let window = web_sys::window().ok_or(CryptoError::Unavailable)?;
    window.crypto().map_err(|_| CryptoError::Unavailable)
}

/// `crypto.subtle`, which browsers only expose in a secure context. Read through `Reflect`
/// because web-sys's getter would pass the `undefined` of an insecure page on unchecked.
fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto: JsValue = crypto()?.into();
    let subtle = Reflect::get(&crypto, &"subtle".into()).map_err(|_| CryptoError::Unavailable)?;
    if subtle.is_undefined() || subtle.is_null() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle.unchecked_into())
}

/// `N` bytes from the browser's cryptographic generator; never a weaker fallback.
fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(failed)?;
    Ok(bytes)
}

/// AES-GCM's parameters. The nonce and associated data are copied into buffers of their own:
/// a view into WebAssembly's memory kept in an object would be emptied if the memory grew
/// before the browser read it.
fn gcm_params(nonce: &[u8], doc_id: &str) -> AesGcmParams {
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
    params.set_additional_data(&Uint8Array::from(doc_id.as_bytes()));
    params
}

/// Waits for a WebCrypto call that may have thrown at once or may reject later.
async fn settle(call: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(call?).await
}

/// The `name` of a DOMException ("OperationError", "NotSupportedError", …).
fn error_name(error: &JsValue) -> Option<String> {
    Reflect::get(error, &"name".into()).ok()?.as_string()
}

fn failed(error: JsValue) -> CryptoError {
    let message = Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .filter(|message| !message.is_empty());
    CryptoError::Failed(match (error_name(&error), message) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (Some(name), None) => name,
        (None, _) => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_check_is_stored_as_the_four_fields_the_issue_names() {
        let key_check = KeyCheck {
            kdf: KDF.to_owned(),
            iterations: ITERATIONS,
            salt: "AAECAwQFBgcICQoLDA0ODw==".to_owned(),
            check: "c2VhbGVk".to_owned(),
        };
        let json = serde_json::to_value(&key_check).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "kdf": "pbkdf2-sha256",
                "iterations": 600_000,
                "salt": "AAECAwQFBgcICQoLDA0ODw==",
                "check": "c2VhbGVk",
            })
        );
        assert_eq!(
            serde_json::from_value::<KeyCheck>(json).expect("reads back"),
            key_check
        );
    }

    #[test]
    fn base64_carries_every_byte_value_and_refuses_anything_else() {
        let every: Vec<u8> = (0..=255).collect();
        for length in [0, 1, 2, 3, 4, 255, 256] {
            let text = to_base64(&every[..length]);
            assert_eq!(text.len(), length.div_ceil(3) * 4);
            assert_eq!(from_base64(&text), Ok(every[..length].to_vec()));
        }
        // RFC 4648's own examples.
        assert_eq!(to_base64(b"foob"), "Zm9vYg==");
        assert_eq!(to_base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(to_base64(b"foobar"), "Zm9vYmFy");
        // Another alphabet, padding missing, a length no base64 has, a space, stray bits in
        // the last character ("Zm9=" decodes leniently to "fo" elsewhere; "Zm8=" is canonical).
        for text in ["Zm9v-g==", "Zm9vYg", "Zm9vY", "Zm9v Yg==", "Zm9=", "Zoë="] {
            assert_eq!(from_base64(text), Err(CryptoError::Damaged), "{text}");
        }
    }

    #[test]
    fn every_error_is_a_plain_sentence() {
        let plain = [
            CryptoError::Unavailable,
            CryptoError::WrongPassphrase,
            CryptoError::PassphraseTooShort,
            CryptoError::Damaged,
        ];
        for error in plain {
            let message = error.to_string();
            assert!(message.ends_with('.'), "{message}");
            for jargon in [
                "AES",
                "PBKDF2",
                "GCM",
                "nonce",
                "WebCrypto",
                "subtle",
                "key check",
            ] {
                assert!(!message.contains(jargon), "{message} says {jargon}");
            }
        }
        assert!(CryptoError::Unavailable.to_string().contains("https://"));
        assert!(CryptoError::PassphraseTooShort
            .to_string()
            .contains("15 characters"));
        assert_eq!(
            CryptoError::Failed("NotSupportedError: AES-GCM".to_owned()).to_string(),
            "The browser could not encrypt or decrypt: NotSupportedError: AES-GCM"
        );
    }
}
