//! The Beneficiary Module report as JSON: its records and how each is written out.

use std::collections::BTreeMap;

use iro_domain::funding::{BM_COLUMNS, BmRecord};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;
use uuid::Uuid;

/// Whether a record is ready for the Beneficiary Module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatusName {
    /// Every mandatory field is there and valid.
    Complete,
    /// Something is missing or invalid: see `errors`.
    Draft,
}

/// A missing or invalid field of a record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordErrorBody {
    /// The column (Beneficiary Module field name).
    #[schema(example = "Participant Email")]
    pub field: String,
    /// `required` or `invalid`.
    #[schema(example = "required")]
    pub code: String,
    /// For a person.
    #[schema(example = "Participant Email is missing")]
    pub message: String,
}

/// One mobility's record (the schema; the server writes it with [`RecordJson`]).
#[derive(Debug, Clone, ToSchema)]
pub struct BeneficiaryRecord {
    /// The mobility.
    pub mobility_id: Uuid,
    /// `complete` or `draft`.
    pub status: RecordStatusName,
    /// What keeps a draft from being complete; empty when complete.
    pub errors: Vec<RecordErrorBody>,
    /// The Beneficiary Module fields in the module's order, by name; `null` when empty.
    #[schema(example = json!({"Project Code": "2026-1-MK01-KA131-HED-000123456", "Activity Type": "HE-SMS", "Distance Band": "100-499", "Duration (days)": "135", "Full Months": "4", "Extra Days": "15", "Recognised Credits": null}))]
    pub fields: BTreeMap<String, Option<String>>,
}

/// The report of one grant project (the schema of the streamed JSON document).
#[derive(Debug, Clone, ToSchema)]
pub struct BeneficiaryReport {
    /// The grant project.
    pub grant_id: Uuid,
    /// Its number.
    #[schema(example = "2026-1-MK01-KA131-HED-000123456")]
    pub project_number: String,
    /// The field names in the Beneficiary Module's order.
    pub columns: Vec<String>,
    /// One record per reported mobility, in mobility id order.
    pub records: Vec<BeneficiaryRecord>,
}

/// Writes a record as [`BeneficiaryRecord`] with its fields in column order.
pub struct RecordJson<'a>(pub &'a BmRecord);

struct Fields<'a>(&'a [Option<String>]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(BM_COLUMNS.len()))?;
        for (column, value) in BM_COLUMNS.iter().zip(self.0) {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

impl Serialize for RecordJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.0;
        let errors: Vec<RecordErrorBody> = record
            .errors
            .iter()
            .map(|e| RecordErrorBody { field: e.field.to_owned(), code: e.code.to_owned(), message: e.message.clone() })
            .collect();
        let mut s = serializer.serialize_struct("BeneficiaryRecord", 4)?;
        s.serialize_field("mobility_id", &record.mobility_id)?;
        s.serialize_field("status", record.status().as_str())?;
        s.serialize_field("errors", &errors)?;
        s.serialize_field("fields", &Fields(&record.values))?;
        s.end()
    }
}
