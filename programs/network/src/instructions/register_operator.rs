//! `register_operator`: a wallet joins a network as an operator (no stake yet).
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the operator's wallet
//! 2. `[writable]` network
//! 3. `[writable]` operator: PDA `["operator", network, authority]`, created here
//! 4. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, OPERATOR_REGISTERED},
    state::{pause, seeds, Network, Operator},
};
use groundwork_common::{
    key,
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM_ID,
    math::Checked,
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
    let [payer, authority, network, operator, system_program] = checks::accounts::<5>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(operator, "operator")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    Reader::new(data).finish()?;
    if net.is_paused(pause::REGISTRATION) {
        return Err(NetworkError::RegistrationPaused.into());
    }
    let (operator_key, bump) =
        key::find_program_address(&[seeds::OPERATOR, network_key.as_ref(), authority.address().as_ref()], program_id);
    if !key::eq(operator.address(), &operator_key.0) {
        return Err(checks::account_error("operator", FrameworkError::ConstraintSeeds));
    }
    let count = net.operator_count.add_or(1)?;
    let now = Clock::get()?.unix_timestamp;

    let bump_seed = [bump];
    let signer_seeds =
        [Seed::from(seeds::OPERATOR), Seed::from(network_key.as_ref()), Seed::from(authority.address().as_ref()), Seed::from(&bump_seed)];
    let op = state::create::<Operator>(&NewAccount { payer, seeds: &signer_seeds, role: "operator" }, operator, program_id)?;
    key::copy_key(&mut op.network, &network_key);
    key::copy_key(&mut op.authority, authority.address());
    op.registered_at = now;
    op.bump = bump;
    net.operator_count = count;

    Event::<104>::new(OPERATOR_REGISTERED).key(&network_key).key(&operator_key.0).key(authority.address()).emit();
    Ok(())
}
