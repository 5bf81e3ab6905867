//! The ledger's downloads in other formats: CSV, vCard and calendar files.

use leptos::prelude::*;

use crate::domain::{DayFormat, Ledger, Now};
use crate::formats::csv_export::{contacts_csv, interactions_csv};
use crate::formats::ics::{keep_in_touch_ics, open_promises_ics};
use crate::formats::vcard::vcards;
use crate::ui::browser;
use crate::ui::state::use_app_state;

/// One file the person can take out, and how it is made.
struct ExportKind {
    label: &'static str,
    testid: &'static str,
    stem: &'static str,
    extension: &'static str,
    mime: &'static str,
    make: fn(&Ledger, Now) -> Result<String, String>,
}

static EXPORTS: [ExportKind; 5] = [
    ExportKind {
        label: "Contacts (CSV)",
        testid: "export-contacts-csv",
        stem: "contacts",
        extension: "csv",
        mime: "text/csv",
        make: |ledger, _| contacts_csv(ledger).map_err(|error| error.to_string()),
    },
    ExportKind {
        label: "Interactions (CSV)",
        testid: "export-interactions-csv",
        stem: "interactions",
        extension: "csv",
        mime: "text/csv",
        make: |ledger, now| interactions_csv(ledger, now).map_err(|error| error.to_string()),
    },
    ExportKind {
        label: "Contacts (vCard 4.0)",
        testid: "export-vcard",
        stem: "contacts",
        extension: "vcf",
        mime: "text/vcard",
        make: |ledger, _| Ok(vcards(ledger)),
    },
    ExportKind {
        label: "Open promises (calendar .ics)",
        testid: "export-ics",
        stem: "promises",
        extension: "ics",
        mime: "text/calendar",
        make: |ledger, now| Ok(open_promises_ics(ledger, now.at)),
    },
    ExportKind {
        label: "Keep-in-touch days (calendar .ics)",
        testid: "export-touch-ics",
        stem: "keep-in-touch",
        extension: "ics",
        mime: "text/calendar",
        make: |ledger, now| Ok(keep_in_touch_ics(ledger, now)),
    },
];

/// Downloads of the ledger in other formats: CSV for spreadsheets (formula-safe), vCard for
/// address books, and for calendars the open promises and the day each relationship is due
/// a touch.
#[component]
pub fn Exports() -> impl IntoView {
    let state = use_app_state();
    let download = move |kind: &'static ExportKind| {
        let now = browser::now();
        let name = format!(
            "rapport-{}-{}.{}",
            kind.stem,
            DayFormat::Iso.of(now.today),
            kind.extension
        );
        let made = state
            .ledger
            .with_untracked(|ledger| (kind.make)(ledger, now));
        let outcome = made.and_then(|text| {
            browser::download(&name, kind.mime, &text)
                .map_err(|_| "The browser refused the download.".to_owned())
        });
        if let Err(message) = outcome {
            state.notify(message, None);
        }
    };
    view! {
        <h3>"Other formats"</h3>
        <div class="actions" data-testid="exports">
            {EXPORTS.iter().map(|kind| view! {
                <button type="button" data-testid=kind.testid on:click=move |_| download(kind)>
                    {kind.label}
                </button>
            }).collect_view()}
        </div>
    }
}
