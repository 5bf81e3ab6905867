//! Two tabs, one round at a time: each round runs holding the Web Lock `rapport-sync`
//! (`navigator.locks`), asked for with `ifAvailable`, so a tab that finds another tab's
//! round under way skips its own. The other tabs see that round's results through the
//! storage events they follow already ([`super::tabs`]), so nothing is pushed twice.
//!
//! Called through `js_sys::Reflect`: web-sys marks the Web Locks API unstable (behind
//! `--cfg=web_sys_unstable_apis`), and three calls do not justify that flag.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::sync::Ended;
use crate::sync::round::{Progress, SyncFailure};

/// The lock's name, the same in every tab of this origin.
const LOCK: &str = "rapport-sync";

/// Runs the round `round` makes while holding the lock, or not at all when another tab
/// holds it ([`Ended::OtherTab`]).
///
/// Where the browser has no `navigator.locks` (Safari before 15.4, or an insecure page),
/// the round runs without it: two tabs may then run rounds at once, which stays safe (a
/// round's every save is checked against the other tab's commits, refreshed and redone,
/// and the server refuses a write over a revision it no longer holds), at the cost of a
/// request or two made twice.
pub(super) async fn exclusively<F>(round: impl FnOnce() -> F + 'static) -> Ended
where
    F: Future<Output = Result<Progress, SyncFailure>> + 'static,
{
    let round = Rc::new(RefCell::new(Some(round)));
    let Some((locks, request)) = lock_manager() else {
        return unlocked(&round).await;
    };
    let outcome: Rc<RefCell<Option<Ended>>> = Rc::new(RefCell::new(None));
    let (slot, held) = (outcome.clone(), round.clone());
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        // `null`: another tab holds the lock.
        let make = held.borrow_mut().take().filter(|_| !lock.is_null());
        let Some(make) = make else {
            return Promise::resolve(&JsValue::UNDEFINED);
        };
        future_to_promise(async move {
            *slot.borrow_mut() = Some(ended(make().await));
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let asked = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE)
        .and_then(|_| request.call3(&locks, &LOCK.into(), &options, callback.as_ref()));
    let granted = match asked {
        Ok(promise) => JsFuture::from(Promise::from(promise)).await.is_ok(),
        Err(_) => false,
    };
    drop(callback);
    let finished = outcome.borrow_mut().take();
    match finished {
        Some(ended) => ended,
        // The browser refused the request itself: run as where there are no locks.
        None if !granted => unlocked(&round).await,
        None => Ended::OtherTab,
    }
}

/// Runs the round if it has not run yet.
async fn unlocked<F, M>(round: &Rc<RefCell<Option<M>>>) -> Ended
where
    M: FnOnce() -> F,
    F: Future<Output = Result<Progress, SyncFailure>>,
{
    let make = round.borrow_mut().take();
    match make {
        Some(make) => ended(make().await),
        None => Ended::OtherTab,
    }
}

fn ended(result: Result<Progress, SyncFailure>) -> Ended {
    match result {
        Ok(_) => Ended::Synced,
        Err(failure) => Ended::Failed(failure),
    }
}

/// `navigator.locks` and its `request`, where the browser has them.
fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}
