//! The page's side of its worker (crates/worker): started the first time a job is asked,
//! kept for the next ones, and started again after it failed.
//!
//! The worker's module holds the file readers and the demo generator, so the page's module
//! does not: they arrive when first used. The service worker precaches it with the rest, so
//! it starts offline too. The file is read in the worker, so a big one never freezes the
//! page, and the job's progress comes back as it goes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use thiserror::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

use crate::jobs::{Answer, Job};

/// Why a job got no answer, in plain words.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum WorkerError {
    /// The worker's files could not be fetched or started (offline before they were ever
    /// cached, or a browser without workers).
    #[error(
        "A part of Rapport could not be loaded ({0}). Check the connection and reload the \
         page."
    )]
    Unavailable(String),
    /// The worker stopped while it worked (out of memory, most likely).
    #[error(
        "Reading stopped unexpectedly, most likely for lack of memory. Nothing was changed; \
         reload the page and try again."
    )]
    Stopped,
    /// The answer could not be read: the page and the worker are of different versions.
    #[error("Rapport was updated while this page was open: reload the page and try again.")]
    OtherVersion,
}

/// Asks the worker to do `job` on `file` (for a job that reads one), calling `progress`
/// with the share done (0 to 1) as it goes.
pub async fn ask(
    job: &Job,
    file: Option<&Blob>,
    progress: impl Fn(f64) + 'static,
) -> Result<Answer, WorkerError> {
    let answer = CONNECTION
        .with(|connection| {
            let mut connection = connection.borrow_mut();
            if connection.is_none() {
                *connection = Some(Connection::start()?);
            }
            let started = connection.as_ref().ok_or(WorkerError::Stopped)?;
            Ok(started.post(job, file, Rc::new(progress)))
        })
        .map(JsFuture::from)?
        .await
        .map_err(|error| error.as_string().map_or(WorkerError::Stopped, failure))?;
    Answer::from_bytes(&Uint8Array::new(&answer).to_vec()).map_err(|_| WorkerError::OtherVersion)
}

thread_local! {
    /// The worker, once started; `None` again after it failed.
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

/// A job waiting for its answer.
struct Waiting {
    progress: Rc<dyn Fn(f64)>,
    resolve: js_sys::Function,
    reject: js_sys::Function,
}

/// What the page and its running worker share.
#[derive(Default)]
struct Shared {
    /// Jobs posted and not yet answered, by id.
    waiting: HashMap<u32, Waiting>,
    /// Messages posted before the worker listens (posting them then would lose them).
    queued: Vec<JsValue>,
    listening: bool,
    next_id: u32,
}

/// A started worker.
struct Connection {
    worker: Worker,
    shared: Rc<RefCell<Shared>>,
}

impl Connection {
    /// Starts the worker named by index.html's `<meta name="rapport-worker">`, which
    /// scripts/post-build.mjs writes with the build's hashed file name.
    fn start() -> Result<Self, WorkerError> {
        let url = worker_url().ok_or_else(|| {
            WorkerError::Unavailable("this copy of the page does not name it".to_owned())
        })?;
        let worker = Worker::new(&url).map_err(|error| {
            WorkerError::Unavailable(error.as_string().unwrap_or_else(|| format!("{error:?}")))
        })?;
        let shared = Rc::new(RefCell::new(Shared::default()));
        let on_message = {
            let (shared, worker) = (shared.clone(), worker.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                received(&shared, &worker, &event.data());
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handlers live as long as the worker; a failed worker is dropped with them.
        on_message.forget();
        let on_error = {
            let shared = shared.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                // The worker's own error stays in the worker; the page handles it here.
                event.prevent_default();
                failed(&shared);
            })
        };
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok(Self { worker, shared })
    }

    /// Posts a job (or queues it until the worker listens); the promise settles with the
    /// answer's bytes, or a reason ([`reason`]).
    fn post(&self, job: &Job, file: Option<&Blob>, progress: Rc<dyn Fn(f64)>) -> Promise {
        let mut shared = self.shared.borrow_mut();
        let id = shared.next_id;
        shared.next_id = shared.next_id.wrapping_add(1);
        let message = Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = Reflect::set(&message, &JsValue::from_str(name), value);
        };
        set("id", &id.into());
        set("job", &Uint8Array::from(job.to_bytes().as_slice()).into());
        if let Some(file) = file {
            set("file", file);
        }
        let mut waiting = None;
        let promise = Promise::new(&mut |resolve, reject| {
            waiting = Some(Waiting {
                progress: progress.clone(),
                resolve,
                reject,
            });
        });
        if let Some(waiting) = waiting {
            shared.waiting.insert(id, waiting);
        }
        if shared.listening {
            // A message of bytes and a file always clones; should posting still fail, this
            // job alone is told (the connection is borrowed here: it is not ended now).
            if self.worker.post_message(&message).is_err() {
                if let Some(waiting) = shared.waiting.remove(&id) {
                    let _ = waiting.reject.call1(&JsValue::NULL, &reason(true).into());
                }
            }
        } else {
            shared.queued.push(message.into());
        }
        promise
    }
}

/// Handles one message from the worker: it listens, a job's progress, or its answer.
fn received(shared: &Rc<RefCell<Shared>>, worker: &Worker, message: &JsValue) {
    let field = |name: &str| Reflect::get(message, &JsValue::from_str(name)).ok();
    if field("ready").is_some_and(|ready| ready.is_truthy()) {
        let queued = {
            let mut shared = shared.borrow_mut();
            shared.listening = true;
            std::mem::take(&mut shared.queued)
        };
        if queued
            .iter()
            .any(|message| worker.post_message(message).is_err())
        {
            failed(shared);
        }
        return;
    }
    let Some(id) = field("id").and_then(|id| id.as_f64()) else {
        return;
    };
    let id = id as u32;
    if let Some(share) = field("progress").and_then(|share| share.as_f64()) {
        // Called with no borrow held: the callback may start another job.
        let progress = shared
            .borrow()
            .waiting
            .get(&id)
            .map(|waiting| waiting.progress.clone());
        if let Some(progress) = progress {
            progress(share);
        }
    } else if let Some(answer) = field("answer") {
        let waiting = shared.borrow_mut().waiting.remove(&id);
        if let Some(waiting) = waiting {
            let _ = waiting.resolve.call1(&JsValue::NULL, &answer);
        }
    }
}

/// The worker failed: every waiting job is told, and the next job starts a new worker.
fn failed(shared: &Rc<RefCell<Shared>>) {
    let (waiting, listening) = {
        let mut shared = shared.borrow_mut();
        (std::mem::take(&mut shared.waiting), shared.listening)
    };
    let reason = JsValue::from_str(reason(listening));
    for waiting in waiting.into_values() {
        let _ = waiting.reject.call1(&JsValue::NULL, &reason);
    }
    CONNECTION.with(|connection| {
        let ended = connection
            .borrow_mut()
            .take_if(|connection| Rc::ptr_eq(&connection.shared, shared));
        if let Some(ended) = ended {
            ended.worker.terminate();
        }
    });
}

/// How a promise's rejection says why: the worker never listened (it did not load), or it
/// stopped while it worked.
fn reason(listening: bool) -> &'static str {
    if listening {
        "stopped"
    } else {
        "unavailable"
    }
}

/// The error a rejection's reason names.
fn failure(reason: String) -> WorkerError {
    match reason.as_str() {
        "unavailable" => WorkerError::Unavailable("it did not start".to_owned()),
        _ => WorkerError::Stopped,
    }
}

/// The worker's loader script, as index.html names it.
fn worker_url() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=rapport-worker]")
        .ok()??
        .get_attribute("content")
        .filter(|url| !url.is_empty())
}
