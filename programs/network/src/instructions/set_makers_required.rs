//! `set_makers_required(required)`: the authority turns the maker requirement on or off. On,
//! `register_device` needs an approved maker's co-signature; off (the default) keeps open
//! registration. Applies at once: it only gates new devices and never touches stake.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    events::{Event, MAKERS_REQUIRED_SET},
    guard,
};
use groundwork_common::{checks, key, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let required = r.bool()?;
    r.finish()?;
    net.makers_required = required as u8;

    Event::<41>::new(MAKERS_REQUIRED_SET).key(&network_key).bool(required).emit();
    Ok(())
}
