//! The macro behind iro's vocabulary enums: variants with stable `snake_case` wire names.

/// Declares a closed vocabulary: an enum whose variants carry stable wire names (the names the
/// API, the database and EWP use), with `ALL`, `as_str`, `parse`, `Display` and `FromStr`.
/// Unknown names are refused with `InvalidValue::unknown`, listing the known ones, so every
/// vocabulary reports a typo the same way.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire name (`snake_case`), as stored and sent over the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// Parses a wire name; an unknown name is refused with the list of known ones.
            pub fn parse(text: &str) -> Result<Self, $crate::InvalidValue> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text).ok_or_else(|| {
                    $crate::InvalidValue::unknown(format!(
                        "unknown {} {:?}; expected one of {}",
                        $what,
                        text,
                        [$($wire),+].join(", ")
                    ))
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

pub(crate) use wire_enum;

/// Joins wire names for messages: `submitted, terminated`, or `none` for an empty list.
pub(crate) fn join_names<T: std::fmt::Display>(values: &[T]) -> String {
    if values.is_empty() {
        return "none".to_owned();
    }
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}
