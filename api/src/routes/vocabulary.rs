//! The one way an API enum mirrors a domain vocabulary: a `snake_case` serde enum with a
//! schema, and conversions both ways, so a domain variant without an API name fails to compile.

/// Declares an API enum mirroring a domain vocabulary, with conversions both ways.
macro_rules! api_vocabulary {
    ($(#[$meta:meta])* $name:ident <-> $domain:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => $domain::$variant,)+
                }
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value {
                    $($domain::$variant => $name::$variant,)+
                }
            }
        }
    };
}

pub(crate) use api_vocabulary;
