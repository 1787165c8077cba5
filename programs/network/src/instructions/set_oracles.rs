//! `set_oracles`: the authority replaces the oracle set and its m-of-n threshold. A set that
//! only removes keys and does not lower the threshold applies at once; any other (a new key, a
//! lower threshold) is queued behind the timelock (`governance`). Approvals already given by keys
//! that leave the set stop counting (`SlashProposal::quorum_at`).
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    error::NetworkError,
    governance,
    guard,
    params::{oracles_weakened, validate_oracles},
    state::MAX_ORACLES,
};
use groundwork_common::{
    checks,
    key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, Address, ProgramResult},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let count = r.u32()? as usize;
    if count > MAX_ORACLES {
        return Err(NetworkError::TooManyOracles.into());
    }
    let bytes = r.slice(count * 32)?;
    let threshold = r.u8()?;
    r.finish()?;
    // SAFETY: `bytes` holds `count` 32-byte keys; Address is a 32-byte array.
    let oracles = unsafe { core::slice::from_raw_parts(bytes.as_ptr() as *const Address, count) };
    validate_oracles(oracles, threshold)?;
    let now = Clock::get()?.unix_timestamp;

    if oracles_weakened(net.oracle_set(), net.oracle_threshold, oracles, threshold) {
        governance::queue_oracles(net, &network_key, oracles, threshold, now)
    } else {
        governance::apply_oracles(net, &network_key, oracles, threshold)
    }
}
