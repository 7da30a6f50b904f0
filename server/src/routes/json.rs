//! Reading JSON bodies so that a wrongly typed value names its field.

use serde::de::DeserializeOwned;
use stammtisch_model::Lang;

use crate::AppError;

pub enum JsonError {
    /// Not JSON, or not the expected object.
    Malformed,
    /// A value of the wrong type at this path, e.g. `guests` or `location.city`.
    WrongType(String),
}

pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        if error.inner().is_data() && path != "." {
            JsonError::WrongType(path)
        } else {
            JsonError::Malformed
        }
    })?;
    deserializer.end().map_err(|_| JsonError::Malformed)?;
    Ok(value)
}

/// [`read_json`] with the contract's error answers: `malformed`, or `invalid_input` naming the
/// wrongly typed field.
pub fn read_json_body<T: DeserializeOwned>(body: &[u8], lang: Lang) -> Result<T, AppError> {
    read_json(body).map_err(|error| match error {
        JsonError::Malformed => AppError::malformed(lang),
        JsonError::WrongType(path) => AppError::wrong_type(&path, lang),
    })
}
