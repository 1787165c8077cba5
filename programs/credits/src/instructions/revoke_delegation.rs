//! `revoke_delegation`: the holder removes a provider's allowance; the delegation account is
//! closed and its rent returned to the holder.
//!
//! Accounts:
//! 0. `[writable, signer]` holder: the holder that granted the delegation
//! 1. `[writable]` delegation
use crate::{
    error::CreditsError,
    events::{Event, DELEGATION_REVOKED},
    state::Delegation,
};
use groundwork_common::{key, checks, pinocchio::ProgramResult, state, Ix, wire::Reader};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [holder, delegation] = checks::accounts::<2>(ix.accounts)?;
    checks::writable_signer(holder, "holder")?;
    Reader::new(data).finish()?;
    let d = state::load_mut::<Delegation>(delegation, program_id, "delegation")?;
    if !key::eq(&d.holder, holder.address()) {
        return Err(CreditsError::NotHolder.into());
    }
    let (network, dc_account, delegate, spent) = (d.network, d.dc_account, d.delegate, d.spent);
    state::close(delegation, holder)?;
    Event::new(DELEGATION_REVOKED).key(&network).key(&dc_account).key(&delegate).u64(spent).emit();
    Ok(())
}
