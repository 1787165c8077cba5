//! `initialize_claim_status`: creates an operator's claim status in a network, once, before its
//! first claim. Anyone may pay for it (the operator, or a crank claiming for many operators), and
//! it is idempotent: when the status already exists nothing changes, so two cranks racing to
//! bundle it with a first claim both succeed.
//!
//! Kept out of `claim` so the claim path, run by every operator every time, never pays for the
//! account creation a single first claim needs (a system-program CPI, a Rent read and the
//! canonical-bump search: this instruction costs ~2,500 CU, plus ~370 per bump below 255).
//!
//! Accounts:
//! 0. `[writable, signer]` payer: pays the rent
//! 1. `[]` operator: the operator's wallet, the key in its leaves
//! 2. `[]` config: `["rewards", network]`
//! 3. `[writable]` claim_status: PDA `["claim", network, operator]`
//! 4. `[]` system_program
//!
//! No args.
use crate::{
    events::{Event, CLAIM_STATUS_INITIALIZED},
    state::{seeds, ClaimStatus, RewardsConfig},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM,
    key,
    pinocchio::{cpi::Seed, ProgramResult},
    state::{self, NewAccount},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, operator, config, claim_status, system_program] = checks::accounts::<5>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::program(system_program, &SYSTEM_PROGRAM.0, "system_program")?;
    let cfg = state::load::<RewardsConfig>(config, program_id, "config")?;
    Reader::new(data).finish()?;

    let network_key = &cfg.network;
    let operator_key = operator.address();
    let status_seeds: [&[u8]; 3] = [seeds::CLAIM, network_key.as_ref(), operator_key.as_ref()];
    if key::owned_by(claim_status, program_id) {
        // Already created: it must be this operator's status; then there is nothing to do.
        let status = state::load::<ClaimStatus>(claim_status, program_id, "claim_status")?;
        return checks::pda(claim_status, &status_seeds, status.bump, program_id, "claim_status");
    }
    let (address, bump) = key::find_program_address(&status_seeds, program_id);
    if !key::eq(claim_status.address(), &address) {
        return Err(checks::account_error("claim_status", FrameworkError::ConstraintSeeds));
    }
    let bump_seed = [bump];
    let signer = [Seed::from(seeds::CLAIM), Seed::from(network_key.as_ref()), Seed::from(operator_key.as_ref()), Seed::from(&bump_seed)];
    let status = state::create::<ClaimStatus>(&NewAccount { payer, seeds: &signer, role: "claim_status" }, claim_status, program_id)?;
    status.bump = bump;

    Event::new(CLAIM_STATUS_INITIALIZED).key(network_key).key(operator_key).key(payer.address()).emit();
    Ok(())
}
