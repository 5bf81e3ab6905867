//! The page's side of its worker (crates/worker): each job runs in a worker of its own,
//! started for it and ended with it.
//!
//! The worker's module holds the file readers and the demo generator, so the page's module
//! does not: they arrive when first used. The service worker precaches it with the rest, so
//! it starts offline too, and the browser keeps it compiled, so a start costs little. A
//! worker of its own per job means a job can be stopped (a file replaced by another while
//! it is read) without stopping another, and a 50 MB file's memory is given back when its
//! job ends.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
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
        "The work stopped unexpectedly (the browser may have run short of memory). Nothing \
         was changed; reload the page and try again."
    )]
    Stopped,
    /// The job was stopped from the page ([`Running::stop`]).
    #[error("Stopped.")]
    Cancelled,
    /// The answer could not be read: the page and the worker are of different versions.
    #[error("Rapport was updated while this page was open: reload the page and try again.")]
    OtherVersion,
}

/// Does `job` on `file` (for a job that reads one) in a worker of its own, calling
/// `progress` with the share done (0 to 1) as it goes.
pub async fn ask(
    job: &Job,
    file: Option<&Blob>,
    progress: impl Fn(f64) + 'static,
) -> Result<Answer, WorkerError> {
    Running::start(job, file, progress)?.answer().await
}

/// A component's job that the next one replaces (a file chosen while another is read): the
/// one before is stopped, and its answer never comes.
#[derive(Clone, Copy)]
pub struct LatestJob(StoredValue<Option<Running>, LocalStorage>);

impl LatestJob {
    /// No job yet. The job running when the component that owns it goes is stopped: its
    /// answer would come to a page no longer there.
    pub fn new() -> Self {
        let latest = Self(StoredValue::new_local(None));
        on_cleanup(move || latest.stop());
        latest
    }

    /// Stops the job running, if any.
    pub fn stop(&self) {
        if let Some(running) = self.0.try_update_value(Option::take).flatten() {
            running.stop();
        }
    }

    /// Runs `job` as [`ask`] does, stopping the one before; `None` when this one was stopped
    /// or replaced since (or its component is gone).
    pub async fn run(
        &self,
        job: &Job,
        file: Option<&Blob>,
        progress: impl Fn(f64) + 'static,
    ) -> Option<Result<Answer, WorkerError>> {
        self.stop();
        let running = match Running::start(job, file, progress) {
            Ok(running) => running,
            Err(error) => return Some(Err(error)),
        };
        self.0.try_set_value(Some(running.clone()));
        let answer = running.answer().await;
        if answer == Err(WorkerError::Cancelled) {
            return None;
        }
        self.0.try_set_value(None);
        Some(answer)
    }
}

impl Default for LatestJob {
    fn default() -> Self {
        Self::new()
    }
}

/// A job running in its worker.
#[derive(Clone)]
pub struct Running {
    worker: Worker,
    answered: Promise,
    settle: Rc<RefCell<Option<Settle>>>,
    /// The worker's handlers, dropped once the job has its answer (not before: a handler
    /// must not be dropped while it runs, and [`Running::stop`] may be called from one).
    handlers: Rc<RefCell<Option<Handlers>>>,
}

/// The closures the worker calls.
struct Handlers {
    _message: Closure<dyn FnMut(MessageEvent)>,
    _error: Closure<dyn Fn(web_sys::Event)>,
}

/// How the job's promise is settled, once.
struct Settle {
    resolve: js_sys::Function,
    reject: js_sys::Function,
}

impl Settle {
    fn reject(self, reason: &str) {
        let _ = self
            .reject
            .call1(&JsValue::NULL, &JsValue::from_str(reason));
    }
}

/// A rejection's reason: the worker did not start, stopped while it worked, or was stopped.
const UNAVAILABLE: &str = "unavailable";
const STOPPED: &str = "stopped";
const CANCELLED: &str = "cancelled";

impl Running {
    /// Starts the worker named by index.html's `<meta name="rapport-worker">` (which
    /// scripts/post-build.mjs writes with the build's hashed file name) and gives it `job`
    /// once it listens: a message posted before would be lost.
    pub fn start(
        job: &Job,
        file: Option<&Blob>,
        progress: impl Fn(f64) + 'static,
    ) -> Result<Self, WorkerError> {
        let url = worker_url().ok_or_else(|| {
            WorkerError::Unavailable("this copy of the page does not name it".to_owned())
        })?;
        let worker = Worker::new(&url).map_err(|error| {
            WorkerError::Unavailable(error.as_string().unwrap_or_else(|| format!("{error:?}")))
        })?;
        let mut settle = None;
        let answered = Promise::new(&mut |resolve, reject| {
            settle = Some(Settle { resolve, reject });
        });
        let running = Self {
            worker,
            answered,
            settle: Rc::new(RefCell::new(settle)),
            handlers: Rc::new(RefCell::new(None)),
        };
        running.listen(job_message(job, file), Box::new(progress));
        Ok(running)
    }

    /// The job's answer; the worker ends with it.
    pub async fn answer(&self) -> Result<Answer, WorkerError> {
        let answered = JsFuture::from(self.answered.clone()).await;
        self.worker.terminate();
        // No handler runs now (this runs from the promise's settling, after it): they go,
        // and with them what they hold (the job's message and file, if never posted).
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.handlers.borrow_mut().take();
        let answer = answered.map_err(|reason| match reason.as_string().as_deref() {
            Some(UNAVAILABLE) => WorkerError::Unavailable("it did not start".to_owned()),
            Some(CANCELLED) => WorkerError::Cancelled,
            _ => WorkerError::Stopped,
        })?;
        let bytes: Uint8Array = answer.unchecked_into();
        Answer::from_bytes(&bytes.to_vec()).map_err(|_| WorkerError::OtherVersion)
    }

    /// Stops the job: its worker ends, and its answer is [`WorkerError::Cancelled`].
    pub fn stop(&self) {
        self.worker.terminate();
        fail(&self.settle, CANCELLED);
    }

    /// Sets the worker's handlers: `message` goes to it once it says it listens; its
    /// progress goes to `progress`; its answer, or its failure, settles the job.
    fn listen(&self, message: JsValue, progress: Box<dyn Fn(f64)>) {
        let listening = Rc::new(RefCell::new(false));
        let on_message = {
            let (worker, settle, listening) =
                (self.worker.clone(), self.settle.clone(), listening.clone());
            let mut message = Some(message);
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                let field = |name: &str| Reflect::get(&data, &JsValue::from_str(name)).ok();
                if field("ready").is_some_and(|ready| ready.is_truthy()) {
                    *listening.borrow_mut() = true;
                    let posted = message.take().map(|message| worker.post_message(&message));
                    if let Some(Err(_)) = posted {
                        fail(&settle, STOPPED);
                    }
                } else if let Some(answer) = field("answer").filter(|answer| !answer.is_undefined())
                {
                    // Taken out before the call: resolving runs no Rust, but nothing is
                    // borrowed while JavaScript runs.
                    let taken = settle.borrow_mut().take();
                    if let Some(settle) = taken {
                        let _ = settle.resolve.call1(&JsValue::NULL, &answer);
                    }
                } else if let Some(share) = field("progress").and_then(|share| share.as_f64()) {
                    // A stopped job's last reports may still be on their way: not shown.
                    if settle.borrow().is_some() {
                        progress(share);
                    }
                }
            })
        };
        self.worker
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker's script failed, its WebAssembly did not start (the loader throws then),
        // or it stopped while it worked; or an answer could not be brought to the page.
        let on_error = {
            let (settle, listening) = (self.settle.clone(), listening);
            Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                // The page says what happened; the browser's console need not.
                event.prevent_default();
                fail(
                    &settle,
                    if *listening.borrow() {
                        STOPPED
                    } else {
                        UNAVAILABLE
                    },
                );
            })
        };
        self.worker
            .set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.worker
            .set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        *self.handlers.borrow_mut() = Some(Handlers {
            _message: on_message,
            _error: on_error,
        });
    }
}

/// Rejects the job, if it is not settled yet.
fn fail(settle: &Rc<RefCell<Option<Settle>>>, reason: &str) {
    let taken = settle.borrow_mut().take();
    if let Some(settle) = taken {
        settle.reject(reason);
    }
}

/// The message asking for `job`: `{ job, file }`, the job as postcard bytes.
fn job_message(job: &Job, file: Option<&Blob>) -> JsValue {
    let message = Object::new();
    let set = |name: &str, value: &JsValue| {
        // Setting a field of a fresh plain object cannot fail.
        let _ = Reflect::set(&message, &JsValue::from_str(name), value);
    };
    set("job", &Uint8Array::from(job.to_bytes().as_slice()).into());
    if let Some(file) = file {
        set("file", file);
    }
    message.into()
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
