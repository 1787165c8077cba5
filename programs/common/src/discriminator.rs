//! Anchor discriminators: the first 8 bytes of sha256 over a namespaced name, computed at
//! compile time so no handler pays for hashing.
use sha2_const_stable::Sha256;

const fn first_eight(namespace: &[u8], name: &[u8]) -> [u8; 8] {
    let digest = Sha256::new().update(namespace).update(name).finalize();
    [digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7]]
}

/// `sha256("global:<snake_case_instruction>")[..8]`
pub const fn instruction(name: &str) -> [u8; 8] {
    first_eight(b"global:", name.as_bytes())
}

/// `sha256("account:<PascalCaseAccount>")[..8]`
pub const fn account(name: &str) -> [u8; 8] {
    first_eight(b"account:", name.as_bytes())
}

/// `sha256("event:<PascalCaseEvent>")[..8]`
pub const fn event(name: &str) -> [u8; 8] {
    first_eight(b"event:", name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_anchor_for_a_known_instruction() {
        // Anchor's `initialize` instruction discriminator, as every Anchor IDL shows it.
        assert_eq!(instruction("initialize"), [175, 175, 109, 31, 13, 152, 155, 237]);
    }
}
