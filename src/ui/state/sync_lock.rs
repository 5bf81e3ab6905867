//! Two tabs, one round at a time: each round runs holding the Web Lock `rapport-sync`
//! (`navigator.locks`), asked for with `ifAvailable`, so a tab that finds another tab's
//! round under way skips its own. The other tabs see that round's results through the
//! storage events they follow already ([`super::tabs`]), so nothing is pushed twice. A
//! passphrase change holds the same lock, so no other tab's round writes with the old key
//! while every document is sealed again with the new one.
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

/// The lock's name, the same in every tab of this origin.
const LOCK: &str = "rapport-sync";

/// Runs the work `work` makes while holding the lock, or not at all when another tab holds
/// it (`None`).
///
/// Where the browser has no `navigator.locks` (Safari before 15.4, or an insecure page),
/// the work runs without it: two tabs may then run rounds at once, which stays safe (a
/// round's every save is checked against the other tab's commits, refreshed and redone,
/// and the server refuses a write over a revision it no longer holds), at the cost of a
/// request or two made twice.
pub(super) async fn exclusively<T, F>(work: impl FnOnce() -> F + 'static) -> Option<T>
where
    T: 'static,
    F: Future<Output = T> + 'static,
{
    let work = Rc::new(RefCell::new(Some(work)));
    let Some((locks, request)) = lock_manager() else {
        return unlocked(&work).await;
    };
    let outcome: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let (slot, held) = (outcome.clone(), work.clone());
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        // `null`: another tab holds the lock.
        let make = held.borrow_mut().take().filter(|_| !lock.is_null());
        let Some(make) = make else {
            return Promise::resolve(&JsValue::UNDEFINED);
        };
        future_to_promise(async move {
            *slot.borrow_mut() = Some(make().await);
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
        Some(done) => Some(done),
        // The browser refused the request itself: run as where there are no locks.
        None if !granted => unlocked(&work).await,
        None => None,
    }
}

/// Runs the work if it has not run yet.
async fn unlocked<T, F, M>(work: &Rc<RefCell<Option<M>>>) -> Option<T>
where
    M: FnOnce() -> F,
    F: Future<Output = T>,
{
    let make = work.borrow_mut().take();
    match make {
        Some(make) => Some(make().await),
        None => None,
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
