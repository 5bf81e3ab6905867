//! Closed lists of choices (stage, stakeholder type, channel, …) with their labels.

/// Declares an enum of choices with a stable machine key and a label for each variant.
///
/// Keys appear in JSON exports and URLs; the variant order is part of the compact stored
/// format, so new variants go at the end.
macro_rules! choice_enum {
    (
        $(#[$enum_doc:meta])*
        pub enum $name:ident {
            $( $(#[$doc:meta])* $variant:ident => ($key:literal, $label:literal), )+
        }
    ) => {
        $(#[$enum_doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$doc])* #[serde(rename = $key)] $variant, )+
        }

        impl $name {
            /// Every choice, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name shown to the person.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The stable machine name (as in JSON exports and URLs).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            /// The choice whose [`key`](Self::key) is `key`.
            pub fn from_key(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

pub(crate) use choice_enum;
