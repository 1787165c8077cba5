//! Maker attestations (docs/makers.md, "Stranded devices"): the maker's factory key signs, offline
//! at manufacture, a message binding the network, the device key and the device kind. The owner
//! later onboards the device without the maker: the transaction carries an Ed25519SigVerify
//! instruction immediately before `register_device`, which the runtime verifies, and
//! `register_device` reads it back through the Instructions sysvar to learn *what* was verified.
//!
//! Message (97 bytes): `"groundwork:maker-attestation:v1"` (31 ASCII bytes) ‖ network (32)
//! ‖ device_key (32) ‖ kind (u16 little-endian). The tag keeps the factory key's signatures over
//! attestations from ever being valid as anything else (a transaction message starts with a
//! signature count byte, never `g`), and the version lets the layout change.
//!
//! Everything here is a pure function of byte slices, bounds-checked, so the parsing is unit
//! tested on the host. The runtime writes the sysvar, but the Ed25519 instruction's data is the
//! transaction sender's: its offsets are attacker-chosen and each is checked.
use crate::error::NetworkError;
use groundwork_common::pinocchio::Address;

/// Domain separation tag, first in every attestation message.
pub const TAG: &[u8; 31] = b"groundwork:maker-attestation:v1";
/// Attestation message length: tag, network, device key, kind.
pub const MESSAGE_LEN: usize = TAG.len() + 32 + 32 + 2;

/// `Ed25519SigVerify111111111111111111111111111`, the native signature-verification program.
pub const ED25519_PROGRAM_ID: Address = Address::new_from_array([
    0x03, 0x7d, 0x46, 0xd6, 0x7c, 0x93, 0xfb, 0xbe, 0x12, 0xf9, 0x42, 0x8f, 0x83, 0x8d, 0x40, 0xff, 0x05, 0x70, 0x74, 0x49, 0x27, 0xf4,
    0x8a, 0x64, 0xfc, 0xca, 0x70, 0x44, 0x80, 0x00, 0x00, 0x00,
]);
/// `Sysvar1nstructions1111111111111111111111111`: the transaction's instructions, serialized.
pub const INSTRUCTIONS_SYSVAR_ID: Address = Address::new_from_array([
    0x06, 0xa7, 0xd5, 0x17, 0x18, 0x7b, 0xd1, 0x66, 0x35, 0xda, 0xd4, 0x04, 0x55, 0xfd, 0xc2, 0xc0, 0xc1, 0x24, 0xc6, 0x8f, 0x21, 0x56,
    0x75, 0xa5, 0xdb, 0xba, 0xcb, 0x5f, 0x08, 0x00, 0x00, 0x00,
]);

/// An instruction-index field of the Ed25519 offsets meaning "this instruction's own data".
pub const THIS_INSTRUCTION: u16 = u16::MAX;
/// Ed25519 instruction data: signature count, padding, then one 14-byte offsets record per signature.
const OFFSETS_START: usize = 2;
const OFFSETS_LEN: usize = 14;
const SIGNATURE_LEN: usize = 64;
const PUBKEY_LEN: usize = 32;

/// The attestation message for `network`, `device_key` and `kind` (what the maker signs).
pub fn message(network: &[u8; 32], device_key: &[u8; 32], kind: u16) -> [u8; MESSAGE_LEN] {
    let mut m = [0u8; MESSAGE_LEN];
    m[..31].copy_from_slice(TAG);
    m[31..63].copy_from_slice(network);
    m[63..95].copy_from_slice(device_key);
    m[95..].copy_from_slice(&kind.to_le_bytes());
    m
}

/// `a == b` for byte strings at any alignment. On chain one `sol_memcmp_` syscall (10 CU for
/// these lengths) instead of a byte loop: the attested key and message sit wherever the
/// transaction sender put them, so word compares (`key::eq`) rarely apply.
#[inline(always)]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let mut order: i32 = 0;
        // SAFETY: both pointers are valid for `a.len()` bytes (equal lengths, checked above); the
        // syscall writes only `order`.
        unsafe { groundwork_common::pinocchio::syscalls::sol_memcmp_(a.as_ptr(), b.as_ptr(), a.len() as u64, &mut order) };
        order == 0
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        a == b
    }
}

#[inline(always)]
fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// The `len` bytes at `offset` of `data`, or `None` when any of them lies outside.
#[inline(always)]
fn region(data: &[u8], offset: u16, len: usize) -> Option<&[u8]> {
    let start = offset as usize;
    data.get(start..start.checked_add(len)?)
}

/// The instruction that precedes the executing one in the Instructions sysvar `sysvar`: its
/// index, program id and data. The attestation must sit *immediately* before `register_device`:
/// one fixed place means one instruction to check, no scan whose cost grows with the
/// transaction, and no question of which of several Ed25519 instructions counts.
///
/// Sysvar layout (written by the runtime): u16 count, u16 offset per instruction, each
/// instruction as u16 account count, 33 bytes per account, 32-byte program id, u16 data length,
/// data; the executing instruction's index is the last u16. Every read is bounds-checked anyway.
pub fn previous_instruction(sysvar: &[u8]) -> Result<(u16, &[u8; 32], &[u8]), NetworkError> {
    const MISSING: NetworkError = NetworkError::MakerAttestationMissing;
    let count = u16_at(sysvar, 0).ok_or(MISSING)?;
    let current = u16_at(sysvar, sysvar.len().checked_sub(2).ok_or(MISSING)?).ok_or(MISSING)?;
    if current == 0 || current >= count {
        return Err(MISSING);
    }
    let index = current - 1;
    let start = u16_at(sysvar, 2 + 2 * index as usize).ok_or(MISSING)? as usize;
    let accounts = u16_at(sysvar, start).ok_or(MISSING)? as usize;
    let program_at = start + 2 + 33 * accounts;
    let program_id: &[u8; 32] = sysvar.get(program_at..program_at + 32).ok_or(MISSING)?.try_into().map_err(|_| MISSING)?;
    let data_len = u16_at(sysvar, program_at + 32).ok_or(MISSING)? as usize;
    let data = sysvar.get(program_at + 34..program_at + 34 + data_len).ok_or(MISSING)?;
    Ok((index, program_id, data))
}

/// What an Ed25519SigVerify instruction at index `own_index` verified: the public key and the
/// message of its single signature. Exactly one signature (`AttestationSignatureCount`); every
/// instruction-index field must be `THIS_INSTRUCTION` or `own_index`, so the precompile read its
/// own data, the very bytes returned here, never another instruction's (the offset-redirect bug);
/// signature, key and message lie within the data (`AttestationOffsetsInvalid`).
pub fn verified_signature(data: &[u8], own_index: u16) -> Result<(&[u8], &[u8]), NetworkError> {
    const BAD: NetworkError = NetworkError::AttestationOffsetsInvalid;
    if data.first() != Some(&1) {
        return Err(NetworkError::AttestationSignatureCount);
    }
    let o = data.get(OFFSETS_START..OFFSETS_START + OFFSETS_LEN).ok_or(BAD)?;
    let field = |i: usize| u16::from_le_bytes([o[2 * i], o[2 * i + 1]]);
    let (sig_offset, sig_ix, key_offset, key_ix, msg_offset, msg_len, msg_ix) =
        (field(0), field(1), field(2), field(3), field(4), field(5), field(6));
    for ix in [sig_ix, key_ix, msg_ix] {
        if ix != THIS_INSTRUCTION && ix != own_index {
            return Err(BAD);
        }
    }
    region(data, sig_offset, SIGNATURE_LEN).ok_or(BAD)?;
    let key = region(data, key_offset, PUBKEY_LEN).ok_or(BAD)?;
    let msg = region(data, msg_offset, msg_len as usize).ok_or(BAD)?;
    Ok((key, msg))
}

/// Whether `msg` attests `device_key` of `kind` in `network`: the exact length and tag
/// (`AttestationMalformed`), then each field, so the error says which one differs.
pub fn check_message(msg: &[u8], expected: &Expected) -> Result<(), NetworkError> {
    if msg.len() != MESSAGE_LEN || !bytes_eq(&msg[..31], TAG) {
        return Err(NetworkError::AttestationMalformed);
    }
    if !bytes_eq(&msg[31..63], expected.network) {
        return Err(NetworkError::AttestationWrongNetwork);
    }
    if !bytes_eq(&msg[63..95], expected.device_key) {
        return Err(NetworkError::AttestationWrongDevice);
    }
    if msg[95] != expected.kind as u8 || msg[96] != (expected.kind >> 8) as u8 {
        return Err(NetworkError::AttestationWrongKind);
    }
    Ok(())
}

/// What the attestation must say and who must have signed it. Grouped for the five-register limit.
pub struct Expected<'a> {
    pub maker_key: &'a [u8; 32],
    pub network: &'a [u8; 32],
    pub device_key: &'a [u8; 32],
    pub kind: u16,
}

/// The whole check on the Instructions sysvar's data: the instruction before this one is an
/// Ed25519SigVerify of exactly one signature, by `maker_key`, over this device's attestation.
#[inline(never)]
pub fn verify(sysvar: &[u8], expected: &Expected) -> Result<(), NetworkError> {
    let (index, program_id, data) = previous_instruction(sysvar)?;
    if !bytes_eq(program_id, ED25519_PROGRAM_ID.as_array()) {
        return Err(NetworkError::MakerAttestationMissing);
    }
    let (key, msg) = verified_signature(data, index)?;
    if !bytes_eq(key, expected.maker_key) {
        return Err(NetworkError::AttestationWrongMaker);
    }
    check_message(msg, expected)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    const NET: [u8; 32] = [7; 32];
    const DEV: [u8; 32] = [9; 32];
    const MAKER: [u8; 32] = [5; 32];

    /// Ed25519 instruction data as web3.js builds it: offsets, key, signature, message.
    fn ed25519_data(count: u8, key: &[u8; 32], msg: &[u8], indices: [u16; 3]) -> Vec<u8> {
        let key_offset = 16u16;
        let sig_offset = key_offset + 32;
        let msg_offset = sig_offset + 64;
        let mut d = Vec::new();
        d.push(count);
        d.push(0);
        for v in [sig_offset, indices[0], key_offset, indices[1], msg_offset, msg.len() as u16, indices[2]] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(key);
        d.extend_from_slice(&[0xAB; 64]);
        d.extend_from_slice(msg);
        d
    }

    /// An Instructions sysvar image: each instruction as (program id, accounts, data); `current` last.
    fn sysvar(ixs: &[([u8; 32], usize, Vec<u8>)], current: u16) -> Vec<u8> {
        let mut body = Vec::new();
        let mut offsets = Vec::new();
        let header = 2 + 2 * ixs.len();
        for (program, accounts, data) in ixs {
            offsets.push((header + body.len()) as u16);
            body.extend_from_slice(&(*accounts as u16).to_le_bytes());
            for a in 0..*accounts {
                body.push(0);
                body.extend_from_slice(&[a as u8; 32]);
            }
            body.extend_from_slice(program);
            body.extend_from_slice(&(data.len() as u16).to_le_bytes());
            body.extend_from_slice(data);
        }
        let mut s = Vec::new();
        s.extend_from_slice(&(ixs.len() as u16).to_le_bytes());
        for o in offsets {
            s.extend_from_slice(&o.to_le_bytes());
        }
        s.extend_from_slice(&body);
        s.extend_from_slice(&current.to_le_bytes());
        s
    }

    fn ed() -> [u8; 32] {
        *ED25519_PROGRAM_ID.as_array()
    }
    const OURS: [u8; 32] = [1; 32];

    fn exp() -> Expected<'static> {
        Expected { maker_key: &MAKER, network: &NET, device_key: &DEV, kind: 7 }
    }

    fn good() -> Vec<u8> {
        ed25519_data(1, &MAKER, &message(&NET, &DEV, 7), [THIS_INSTRUCTION; 3])
    }

    #[test]
    fn message_layout_is_tag_network_device_kind_le() {
        let m = message(&NET, &DEV, 0x0102);
        assert_eq!(m.len(), 97);
        assert_eq!(&m[..31], b"groundwork:maker-attestation:v1");
        assert_eq!(&m[31..63], &NET);
        assert_eq!(&m[63..95], &DEV);
        assert_eq!(&m[95..], &[0x02, 0x01]);
    }

    #[test]
    fn accepts_the_preceding_ed25519_attestation() {
        let s = sysvar(&[(ed(), 0, good()), (OURS, 9, Vec::from([1u8, 2, 3]))], 1);
        assert_eq!(verify(&s, &exp()), Ok(()));
        // Own index instead of 0xFFFF is the same data.
        let own = ed25519_data(1, &MAKER, &message(&NET, &DEV, 7), [1, 1, 1]);
        let s = sysvar(&[(OURS, 0, Vec::new()), (ed(), 0, own), (OURS, 3, Vec::new())], 2);
        assert_eq!(verify(&s, &exp()), Ok(()));
    }

    #[test]
    fn the_attestation_must_be_immediately_before() {
        // First instruction: nothing before it.
        let s = sysvar(&[(OURS, 0, Vec::new()), (ed(), 0, good())], 0);
        assert_eq!(verify(&s, &exp()), Err(NetworkError::MakerAttestationMissing));
        // An Ed25519 instruction two places before does not count.
        let s = sysvar(&[(ed(), 0, good()), (OURS, 0, Vec::new()), (OURS, 0, Vec::new())], 2);
        assert_eq!(verify(&s, &exp()), Err(NetworkError::MakerAttestationMissing));
        // Another program's instruction with the same data.
        let s = sysvar(&[(OURS, 0, good()), (OURS, 0, Vec::new())], 1);
        assert_eq!(verify(&s, &exp()), Err(NetworkError::MakerAttestationMissing));
    }

    #[test]
    fn exactly_one_signature() {
        for count in [0u8, 2] {
            let d = ed25519_data(count, &MAKER, &message(&NET, &DEV, 7), [THIS_INSTRUCTION; 3]);
            assert_eq!(verified_signature(&d, 0), Err(NetworkError::AttestationSignatureCount));
        }
        assert_eq!(verified_signature(&[], 0), Err(NetworkError::AttestationSignatureCount));
    }

    #[test]
    fn offsets_never_point_into_another_instruction() {
        for i in 0..3 {
            let mut idx = [THIS_INSTRUCTION; 3];
            idx[i] = 0; // the instruction at 0, while the Ed25519 one is at 1
            let d = ed25519_data(1, &MAKER, &message(&NET, &DEV, 7), idx);
            assert_eq!(verified_signature(&d, 1), Err(NetworkError::AttestationOffsetsInvalid), "field {i}");
            assert!(verified_signature(&d, 0).is_ok());
        }
    }

    #[test]
    fn every_offset_is_bounds_checked() {
        let base = good();
        // Truncated before the offsets record ends.
        assert_eq!(verified_signature(&base[..10], 0), Err(NetworkError::AttestationOffsetsInvalid));
        // Each offset (signature, key, message) and the message length pushed past the end.
        for (at, value) in [(2usize, u16::MAX - 10), (6, base.len() as u16 - 31), (10, base.len() as u16 - 96), (12, 98), (10, u16::MAX)] {
            let mut d = base.clone();
            d[at..at + 2].copy_from_slice(&value.to_le_bytes());
            assert_eq!(verified_signature(&d, 0), Err(NetworkError::AttestationOffsetsInvalid), "offset field at {at}");
        }
        // A truncated sysvar reads as no attestation rather than out of bounds.
        let s = sysvar(&[(ed(), 0, good()), (OURS, 0, Vec::new())], 1);
        for cut in [0usize, 1, 3, 10, 40, s.len() - 40] {
            let mut t = s[..cut].to_vec();
            t.extend_from_slice(&1u16.to_le_bytes());
            assert!(verify(&t, &exp()).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn key_and_message_must_match_exactly() {
        let with = |key: &[u8; 32], msg: &[u8]| sysvar(&[(ed(), 0, ed25519_data(1, key, msg, [THIS_INSTRUCTION; 3])), (OURS, 0, Vec::new())], 1);
        let m = message(&NET, &DEV, 7);
        assert_eq!(verify(&with(&[6; 32], &m), &exp()), Err(NetworkError::AttestationWrongMaker));
        assert_eq!(verify(&with(&MAKER, &message(&[8; 32], &DEV, 7)), &exp()), Err(NetworkError::AttestationWrongNetwork));
        assert_eq!(verify(&with(&MAKER, &message(&NET, &[8; 32], 7)), &exp()), Err(NetworkError::AttestationWrongDevice));
        assert_eq!(verify(&with(&MAKER, &message(&NET, &DEV, 8)), &exp()), Err(NetworkError::AttestationWrongKind));
        // One byte more or less, or another tag.
        let mut longer = m.to_vec();
        longer.push(0);
        assert_eq!(verify(&with(&MAKER, &longer), &exp()), Err(NetworkError::AttestationMalformed));
        assert_eq!(verify(&with(&MAKER, &m[..96]), &exp()), Err(NetworkError::AttestationMalformed));
        let mut v2 = m;
        v2[30] = b'2';
        assert_eq!(verify(&with(&MAKER, &v2), &exp()), Err(NetworkError::AttestationMalformed));
    }
}
