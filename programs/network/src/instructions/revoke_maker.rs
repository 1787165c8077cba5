//! `revoke_maker`: the authority revokes a maker. It co-signs no new onboarding from now on;
//! devices it onboarded stay registered (and can be reactivated by their operators, paying the
//! onboarding fee), and its stake stays in its `Operator` account, slashable and unbonding as
//! any operator's. Revocation is final: a maker key is approved at most once per network.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[]` network
//! 2. `[writable]` maker
use crate::{
    error::NetworkError,
    events::{Event, MAKER_REVOKED},
    state::{Maker, Network},
};
use groundwork_common::{
    checks, key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    state,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, maker] = checks::accounts::<3>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    let maker_key = key::AlignedKey::copy_of(maker.address());
    let m = state::load_mut::<Maker>(maker, program_id, "maker")?;
    if !key::eq(&m.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    Reader::new(data).finish()?;
    if m.revoked != 0 {
        return Err(NetworkError::MakerRevoked.into());
    }
    let now = Clock::get()?.unix_timestamp;
    m.revoked = 1;
    m.revoked_at = now;

    Event::<80>::new(MAKER_REVOKED).key(&network_key).key(&maker_key).i64(now).emit();
    Ok(())
}
