//! Place mentions geocoded against GeoNames.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::{Context, ExtractError};

/// A geocoded place mention, with GDELT's geography fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Canonical full name ("Caracas, Distrito Federal, Venezuela").
    pub name: String,
    /// GDELT location type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1.
    pub geo_type: u8,
    /// FIPS 10-4 country code.
    pub country_code: String,
    pub adm1: String,
    pub adm2: String,
    pub lat: f64,
    pub lon: f64,
    pub geonames_id: Option<u64>,
    /// GDELT FeatureID: a number for cities and ADM1, a text code for countries and US states.
    pub feature_id: String,
}

/// The place-name index built from GeoNames.
#[derive(Debug, Default)]
pub struct Gazetteer {
    _private: (),
}

impl Gazetteer {
    /// PLACEHOLDER (issue #6).
    pub fn load(_models_dir: &Path) -> Result<Self, ExtractError> {
        Ok(Gazetteer::default())
    }

    /// PLACEHOLDER (issue #6).
    pub fn extract(&self, _cx: &Context<'_>) -> Vec<Location> {
        Vec::new()
    }
}
