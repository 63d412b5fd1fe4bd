//! The names a scale definition's `kind` and `direction` take, as the document lists them:
//! the ones `ScaleDefinition::to_domain` reads (its tests below prove each is read and
//! nothing else is).

use iro_domain::ects::Direction;
use utoipa::openapi::schema::SchemaType;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

/// The kinds `ScaleDefinition::to_domain` reads.
pub const KINDS: [&str; 3] = ["numeric", "ordinal", "pass_fail"];

/// The directions of a numeric scale.
pub fn directions() -> [&'static str; 2] {
    [Direction::HigherIsBetter, Direction::LowerIsBetter].map(Direction::code)
}

/// `kind`: one of [`KINDS`].
pub fn scale_kind() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(KINDS))
        .description(Some("`numeric`, `ordinal` (letters) or `pass_fail`."))
        .examples(["numeric"])
        .build()
}

/// `direction`: numeric scales only, else absent or `null`.
pub fn scale_direction() -> Object {
    let names: Vec<Option<&str>> = directions().into_iter().map(Some).chain([None]).collect();
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(names))
        .description(Some("Numeric scales: `higher_is_better` or `lower_is_better` (Germany); others none."))
        .build()
}

#[cfg(test)]
mod tests {
    use iro_persistence::models::grading_scale::{GradeDefinition, ScaleDefinition};

    use super::*;

    fn definition(kind: &str, direction: Option<&str>) -> ScaleDefinition {
        let grade = |native: &str, passing: bool| GradeDefinition {
            value: direction.map(|_| if passing { "2".to_owned() } else { "1".to_owned() }),
            native: Some(native.to_owned()),
            english: None,
            ects_letter: None,
            passing: direction.is_none().then_some(passing),
        };
        ScaleDefinition {
            kind: kind.to_owned(),
            direction: direction.map(str::to_owned),
            pass_mark: direction.map(|_| "2".to_owned()),
            range: None,
            grades: vec![grade("pass", true), grade("fail", false)],
        }
    }

    #[test]
    fn every_documented_kind_and_direction_is_read_and_no_other() {
        for kind in ["ordinal", "pass_fail"] {
            assert!(definition(kind, None).to_domain("X", "x").is_ok(), "{kind}");
        }
        for direction in directions() {
            assert!(definition("numeric", Some(direction)).to_domain("X", "x").is_ok(), "{direction}");
        }
        assert!(KINDS.contains(&"numeric"));
        assert!(definition("decimal", None).to_domain("X", "x").is_err());
        assert!(definition("numeric", Some("sideways")).to_domain("X", "x").is_err());
    }
}
