//! Rapport's worker: does the page's [`Job`]s off the thread that draws the page, so a big
//! file is read while the page stays responsive, with real progress.
//!
//! The page (src/ui/worker.rs) starts a worker for each job and posts it `{ job, file }`:
//! the job as postcard bytes, and the chosen file (a `Blob`) when the job reads one. The
//! worker posts back `{ progress }` now and then (the share done, 0 to 1) and one
//! `{ answer }` (the [`Answer`] as bytes). It posts `{ ready: true }` first, once it
//! listens: messages posted to a worker before it listens are lost.
//!
//! Whatever goes wrong here reaches the page as the worker's `error` event: a panic (the
//! module aborts), an answer that cannot be posted (thrown), and a module that does not
//! start (the loader, written by scripts/post-build.mjs, throws the failure again).

use js_sys::{Object, Reflect, Uint8Array};
use rapport_core::jobs::{run, Answer, Job};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// The least change of the share done worth a message: a hundred reports at most.
const PROGRESS_STEP: f64 = 0.01;

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let listening = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&listening, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker listens for as long as it lives.
    on_message.forget();
    post(&scope, &[("ready", JsValue::TRUE)]);
}

/// Does the job a message asks for and posts its progress and answer.
fn answer(scope: &DedicatedWorkerGlobalScope, message: &JsValue) {
    let job_bytes = field(message, "job")
        .dyn_into::<Uint8Array>()
        .map(|bytes| bytes.to_vec())
        .unwrap_or_default();
    let answer = match Job::from_bytes(&job_bytes) {
        Err(error) => Answer::Refused(format!(
            "Rapport was updated while this page was open: reload the page and try again \
             ({error})."
        )),
        Ok(job) => match file_bytes(message) {
            Err(()) => Answer::Refused("The file could not be read.".to_owned()),
            Ok(file) => {
                let mut last = f64::NEG_INFINITY;
                run(&job, &file, &mut |share| {
                    if share - last >= PROGRESS_STEP || (share >= 1.0 && last < 1.0) {
                        last = share;
                        post(scope, &[("progress", share.into())]);
                    }
                })
            }
        },
    };
    let bytes = Uint8Array::from(answer.to_bytes().as_slice());
    let buffer = bytes.buffer();
    let message = object(&[("answer", bytes.into())]);
    // The answer's bytes are moved to the page, not copied (a whole ledger is megabytes).
    let moved = js_sys::Array::of1(&buffer);
    if scope.post_message_with_transfer(&message, &moved).is_err() {
        // Thrown, so the page's `error` handler tells the person instead of waiting.
        wasm_bindgen::throw_str("the answer could not be posted to the page");
    }
}

/// The bytes of the message's file, empty when it has none; `Err` when it cannot be read
/// (removed or changed on disk since it was chosen).
fn file_bytes(message: &JsValue) -> Result<Vec<u8>, ()> {
    let Ok(file) = field(message, "file").dyn_into::<Blob>() else {
        return Ok(Vec::new());
    };
    let reader = FileReaderSync::new().map_err(|_| ())?;
    let buffer = reader.read_as_array_buffer(&file).map_err(|_| ())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Posts an object of these fields to the page. Posting plain numbers cannot fail (they
/// always clone); a lost progress report would only leave the bar where it was.
fn post(scope: &DedicatedWorkerGlobalScope, fields: &[(&str, JsValue)]) {
    let _ = scope.post_message(&object(fields));
}

/// A plain object of these fields (setting a field of a fresh object cannot fail).
fn object(fields: &[(&str, JsValue)]) -> Object {
    let message = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&message, &JsValue::from_str(name), value);
    }
    message
}
