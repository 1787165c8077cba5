//! `approve_maker(name_hash, kinds, kind_count, stake_required)`: the authority approves a device
//! maker. The maker's stake is its key's own `Operator` account (`register_operator` + `stake`,
//! signed by the maker key, into the stake vault), which must already hold `stake_required`
//! beyond what its own devices require; it unbonds and is slashed like any operator's (a slash
//! proposal names that `Operator` account). Each onboarding the maker co-signs checks the stake
//! again, so a maker that unbonds or is slashed stops onboarding.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the network authority
//! 2. `[]` network
//! 3. `[]` maker_key: the maker's factory key
//! 4. `[]` maker_operator: PDA `["operator", network, maker_key]`, the maker's stake
//! 5. `[writable]` maker: PDA `["maker", network, maker_key]`, created here
//! 6. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, MAKER_APPROVED},
    stake_math,
    state::{seeds, Maker, Network, Operator, MAX_MAKER_KINDS},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM_ID,
    key,
    pinocchio::{
        cpi::Seed,
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    state::{self, NewAccount},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, authority, network, maker_key, maker_operator, maker, system_program] = checks::accounts::<7>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(maker, "maker")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    // Operators exist only at ["operator", network, authority]: network + authority prove the PDA.
    let stake = state::load::<Operator>(maker_operator, program_id, "maker_operator")?;
    if !key::eq(&stake.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&stake.authority, maker_key.address()) {
        return Err(checks::account_error("maker_operator", FrameworkError::ConstraintSeeds));
    }

    let mut r = Reader::new(data);
    let name_hash = r.take::<32>()?;
    let mut kinds = [0u16; MAX_MAKER_KINDS];
    for k in kinds.iter_mut() {
        *k = r.u16()?;
    }
    let kind_count = r.u8()?;
    let stake_required = r.u64()?;
    r.finish()?;
    check_kinds(&kinds, kind_count)?;
    if stake_required == 0 {
        return Err(NetworkError::ZeroAmount.into());
    }
    if stake.jailed != 0 {
        return Err(NetworkError::MakerJailed.into());
    }
    let beyond = stake.active_stake.checked_sub(stake_required).ok_or(NetworkError::MakerUnderstaked)?;
    if !stake_math::covers_devices(beyond, stake.device_count as u64, net.stake_per_device) {
        return Err(NetworkError::MakerUnderstaked.into());
    }

    let (maker_pda, bump) = key::find_program_address(&[seeds::MAKER, network_key.as_ref(), maker_key.address().as_ref()], program_id);
    if !key::eq(maker.address(), &maker_pda.0) {
        return Err(checks::account_error("maker", FrameworkError::ConstraintSeeds));
    }
    let now = Clock::get()?.unix_timestamp;
    let bump_seed = [bump];
    let signer_seeds =
        [Seed::from(seeds::MAKER), Seed::from(network_key.as_ref()), Seed::from(maker_key.address().as_ref()), Seed::from(&bump_seed)];
    let m = state::create::<Maker>(&NewAccount { payer, seeds: &signer_seeds, role: "maker" }, maker, program_id)?;
    key::copy_key(&mut m.network, &network_key);
    key::copy_key(&mut m.maker_key, maker_key.address());
    key::copy_key(&mut m.stake_operator, maker_operator.address());
    m.name_hash = *name_hash;
    m.stake_required = stake_required;
    m.approved_at = now;
    m.kinds = kinds;
    m.kind_count = kind_count;
    m.bump = bump;

    let mut e = Event::<161>::new(MAKER_APPROVED);
    e.key(&network_key).key(&maker_pda.0).key(maker_key.address()).bytes32(name_hash).u64(stake_required);
    for k in kinds {
        e.u16(k);
    }
    e.u8(kind_count).emit();
    Ok(())
}

/// 1 to `MAX_MAKER_KINDS` distinct kinds in the first `kind_count` slots, the rest zero (so the
/// stored list reads the same however it is inspected).
pub fn check_kinds(kinds: &[u16; MAX_MAKER_KINDS], kind_count: u8) -> Result<(), NetworkError> {
    let n = kind_count as usize;
    if n == 0 || n > MAX_MAKER_KINDS {
        return Err(NetworkError::InvalidMakerKinds);
    }
    for i in 0..MAX_MAKER_KINDS {
        if i >= n && kinds[i] != 0 {
            return Err(NetworkError::InvalidMakerKinds);
        }
        if i < n && kinds[..i].contains(&kinds[i]) {
            return Err(NetworkError::InvalidMakerKinds);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_distinct_and_padded_with_zeros() {
        assert!(check_kinds(&[7, 0, 0, 0, 0, 0, 0, 0], 1).is_ok());
        assert!(check_kinds(&[0, 7, 0, 0, 0, 0, 0, 0], 2).is_ok(), "kind 0 is a kind when counted");
        assert!(check_kinds(&[1, 2, 3, 4, 5, 6, 7, 8], 8).is_ok());
        assert_eq!(check_kinds(&[7, 0, 0, 0, 0, 0, 0, 0], 0), Err(NetworkError::InvalidMakerKinds));
        assert_eq!(check_kinds(&[7, 0, 0, 0, 0, 0, 0, 0], 9), Err(NetworkError::InvalidMakerKinds));
        assert_eq!(check_kinds(&[7, 7, 0, 0, 0, 0, 0, 0], 2), Err(NetworkError::InvalidMakerKinds));
        assert_eq!(check_kinds(&[7, 0, 5, 0, 0, 0, 0, 0], 1), Err(NetworkError::InvalidMakerKinds));
    }
}
