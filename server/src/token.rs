//! Cancel tokens: 256 random bits handed out once; only their SHA-256 is stored, so a copy of
//! the database cannot cancel anybody's seat.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

pub struct CancelToken {
    pub token: String,
    pub hash: Vec<u8>,
}

impl CancelToken {
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash(&token);
        Ok(CancelToken { token, hash })
    }
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Six hex digits of the text's hash: enough to tell apart ids that were cut or folded to
/// the same letters.
pub fn short_hash(text: &str) -> String {
    hash(text)[..3].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_unique_and_hashed() {
        let a = CancelToken::generate().unwrap();
        let b = CancelToken::generate().unwrap();
        assert_eq!(a.token.len(), 43);
        assert_ne!(a.token, b.token);
        assert_eq!(a.hash, hash(&a.token));
        assert_ne!(a.hash, a.token.as_bytes());
    }
}
