//! How long this browser keeps Rapport's data, from what the page can see of it.
//!
//! WebKit (Safari, and every browser on iPhone and iPad) erases a site's storage after 7
//! days of use without a visit to it, unless the site runs from the Home Screen (or the
//! Dock on a Mac); and there `navigator.storage.persist()` only succeeds for such apps.
//! Rapport's ledger is that storage, so in a WebKit tab the Data page and a one-time notice
//! say so, and the backup reminder comes sooner. Pure: the browser layer reads the user
//! agent and the display mode and passes them in.

/// The browser engine, as far as the user agent tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserEngine {
    /// Chrome, Edge, Opera, Samsung Internet and the other Blink browsers.
    Chromium,
    /// Firefox on a desktop or Android.
    Gecko,
    /// Safari, and any browser on iPhone and iPad (they all run WebKit).
    WebKit,
    /// Anything else.
    Other,
}

impl BrowserEngine {
    /// The engine a user agent string names. Blink browsers also say "AppleWebKit" and
    /// "Safari", so WebKit is what says "AppleWebKit" without naming Chrome, Chromium or
    /// Android; iPhone and iPad browsers ("CriOS", "FxiOS") are WebKit whatever they say.
    pub fn from_user_agent(agent: &str) -> Self {
        let apple_mobile = ["iPhone", "iPad", "iPod"]
            .iter()
            .any(|device| agent.contains(device));
        if apple_mobile && agent.contains("AppleWebKit") {
            BrowserEngine::WebKit
        } else if agent.contains("Firefox/") {
            BrowserEngine::Gecko
        } else if ["Chrome/", "Chromium/", "Android"]
            .iter()
            .any(|name| agent.contains(name))
        {
            BrowserEngine::Chromium
        } else if agent.contains("AppleWebKit") {
            BrowserEngine::WebKit
        } else {
            BrowserEngine::Other
        }
    }
}

/// The days of use without a visit after which WebKit erases a site's storage.
pub const WEBKIT_IDLE_DAYS: u16 = 7;

/// In a WebKit tab the backup reminder comes after at most this many days: well within
/// [`WEBKIT_IDLE_DAYS`], so a visit a week never goes without a recent export.
pub const WEBKIT_REMIND_AFTER_DAYS: u16 = 3;

/// The localStorage key that records the one-time notice was read.
pub const NOTICE_KEY: &str = "rapport.idle-notice-read";

/// What the browser does with Rapport's data when the app is not visited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeping {
    /// A WebKit tab: the data goes after [`WEBKIT_IDLE_DAYS`] days of use without a visit.
    ErasedWhenIdle,
    /// Installed on the Home Screen (or any engine that does not count idle days): the data
    /// stays until the person or the browser, short of space, clears it.
    Kept,
}

impl Keeping {
    /// What applies to an app in `engine`, running `standalone` (from the Home Screen, the
    /// Dock or as an installed app) or in a tab.
    pub fn of(engine: BrowserEngine, standalone: bool) -> Self {
        if engine == BrowserEngine::WebKit && !standalone {
            Keeping::ErasedWhenIdle
        } else {
            Keeping::Kept
        }
    }

    /// The days after the last export at which the reminder comes, for the days the
    /// person chose.
    pub fn remind_after_days(self, chosen: u16) -> u16 {
        match self {
            Keeping::ErasedWhenIdle => chosen.min(WEBKIT_REMIND_AFTER_DAYS),
            Keeping::Kept => chosen,
        }
    }

    /// The rule, in plain words, for the Data page and the one-time notice; `None` where
    /// there is nothing to say.
    pub fn rule_words(self) -> Option<&'static str> {
        match self {
            Keeping::ErasedWhenIdle => Some(
                "Safari erases this site's data, your whole ledger with it, after 7 days of \
                 using Safari without opening Rapport. Apps on the Home Screen are exempt: \
                 keep Rapport there, or open it at least once a week and export often.",
            ),
            Keeping::Kept => None,
        }
    }

    /// How to put Rapport on the Home Screen, step by step; `None` where it is there.
    pub fn home_screen_steps(self) -> Option<[&'static str; 4]> {
        match self {
            Keeping::ErasedWhenIdle => Some([
                "Export your ledger here first (the Home Screen app has storage of its own).",
                "On iPhone or iPad: tap the Share button, then \u{201c}Add to Home \
                 Screen\u{201d}. On a Mac: File \u{2192} \u{201c}Add to Dock\u{201d}.",
                "Open Rapport from the new icon and import the export on its Data page.",
                "From then on, use Rapport from the icon: its data is not erased after 7 days.",
            ]),
            Keeping::Kept => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const CHROME_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
    const WEBKITGTK: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 \
        (KHTML, like Gecko) Version/60.5 Safari/605.1.15";
    const CHROMIUM: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
        (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 \
        (KHTML, like Gecko) SamsungBrowser/27.0 Mobile Safari/537.36";
    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";

    #[test]
    fn engines_are_told_apart_by_their_user_agent() {
        for agent in [SAFARI_MAC, SAFARI_IPHONE, CHROME_IPHONE, WEBKITGTK] {
            assert_eq!(
                BrowserEngine::from_user_agent(agent),
                BrowserEngine::WebKit,
                "{agent}"
            );
        }
        assert_eq!(
            BrowserEngine::from_user_agent(CHROMIUM),
            BrowserEngine::Chromium
        );
        assert_eq!(
            BrowserEngine::from_user_agent(ANDROID),
            BrowserEngine::Chromium
        );
        assert_eq!(
            BrowserEngine::from_user_agent(FIREFOX),
            BrowserEngine::Gecko
        );
        assert_eq!(BrowserEngine::from_user_agent(""), BrowserEngine::Other);
    }

    #[test]
    fn only_a_webkit_tab_is_erased_when_idle() {
        assert_eq!(
            Keeping::of(BrowserEngine::WebKit, false),
            Keeping::ErasedWhenIdle
        );
        assert_eq!(Keeping::of(BrowserEngine::WebKit, true), Keeping::Kept);
        for engine in [
            BrowserEngine::Chromium,
            BrowserEngine::Gecko,
            BrowserEngine::Other,
        ] {
            assert_eq!(Keeping::of(engine, false), Keeping::Kept);
        }
        assert!(Keeping::Kept.rule_words().is_none());
        assert!(Keeping::Kept.home_screen_steps().is_none());
        let words = Keeping::ErasedWhenIdle.rule_words().expect("words");
        assert!(words.contains("7 days") && words.contains("Home Screen"));
    }

    #[test]
    fn the_reminder_comes_sooner_in_a_webkit_tab() {
        assert_eq!(Keeping::ErasedWhenIdle.remind_after_days(7), 3);
        assert_eq!(Keeping::ErasedWhenIdle.remind_after_days(1), 1);
        assert_eq!(Keeping::Kept.remind_after_days(7), 7);
    }
}
