//! `set_oracles`: the authority replaces the oracle set and its m-of-n threshold. Approvals
//! already given by keys that leave the set stop counting (see `SlashProposal::current_approvals`).
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    error::NetworkError,
    events::{Event, ORACLES_SET},
    guard,
    params::validate_oracles,
    state::MAX_ORACLES,
};
use groundwork_common::{key, checks, math::Checked, pinocchio::{Address, ProgramResult}, wire::Reader, Ix};

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
    let version = net.oracle_set_version.add_or(1)?;

    net.oracles[..count].copy_from_slice(oracles);
    // Clear the tail so a removed key never lingers in the account.
    for slot in net.oracles[count..].iter_mut() {
        *slot = Address::new_from_array([0; 32]);
    }
    net.oracle_count = count as u8;
    net.oracle_threshold = threshold;
    net.oracle_set_version = version;

    Event::<561>::new(ORACLES_SET)
        .key(&network_key)
        .u32(count as u32)
        .bytes(bytes)
        .u8(threshold)
        .u32(version)
        .emit();
    Ok(())
}
