//! The last mutually approved version of an agreement, kept as JSON text in
//! `agreements.approved_snapshot`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use iro_domain::HeiId;
use iro_domain::agreement::{Agreement, ApprovedVersion};
use serde::{Deserialize, Serialize};

use super::AgreementRow;
use super::condition::{ConditionRow, HeiIds};
use crate::RepoError;
use crate::models::corrupt;

/// The stored form: the rows as they were, and the SCHAC codes of the institutions the
/// conditions named then (institutions may change their records later).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredSnapshot {
    /// The agreement row.
    pub agreement: AgreementRow,
    /// The condition rows, in order.
    pub conditions: Vec<ConditionRow>,
    /// Institution id → SCHAC code.
    pub hei_ids: BTreeMap<String, String>,
}

impl StoredSnapshot {
    /// The JSON text to store.
    pub fn to_json(&self) -> Result<String, RepoError> {
        serde_json::to_string(self).map_err(|e| RepoError::Corrupt(format!("snapshot: {e}")))
    }

    /// Reads the stored text back into the domain's approved version.
    pub fn read(json: &str, approved_at: DateTime<Utc>) -> Result<ApprovedVersion, RepoError> {
        let stored: StoredSnapshot =
            serde_json::from_str(json).map_err(|e| RepoError::Corrupt(format!("snapshot: {e}")))?;
        let hei_ids: HeiIds = stored
            .hei_ids
            .iter()
            .map(|(id, hei)| HeiId::parse(hei).map(|hei| (id.clone(), hei)).map_err(corrupt("snapshot hei_id")))
            .collect::<Result<_, _>>()?;
        Ok(ApprovedVersion {
            approved_at,
            agreement: Agreement::try_from(stored.agreement)?,
            conditions: stored.conditions.into_iter().map(|c| c.into_domain(&hei_ids)).collect::<Result<_, _>>()?,
        })
    }
}
