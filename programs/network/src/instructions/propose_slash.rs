//! `propose_slash(amount, reason, evidence_hash)`: an oracle proposes slashing an operator. The
//! proposer's approval counts first; with a threshold of 1 the proposal is approved at once, its
//! dispute window starts and it holds the operator's unbonding stake. A pending proposal holds
//! nothing and expires after the network's approval period (`Network::slash_approval_period_secs`, 7 days with the recommended floors). The proposal's address is keyed by the
//! evidence, so one piece of evidence is proposed (and executed) at most once per operator. The
//! network's dispute window and slash cap are recorded on the proposal.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` oracle: in the network's oracle set
//! 2. `[writable]` network
//! 3. `[writable]` operator: the operator to slash
//! 4. `[writable]` slash_proposal: PDA `["slash", network, operator, evidence_hash]`
//! 5. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, SLASH_PROPOSED},
    guard,
    stake_math::{self, Buckets},
    state::{pause, seeds, slash_status, Network, SlashProposal},
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
    let [payer, oracle, network, operator, proposal, system_program] = checks::accounts::<6>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(oracle, "oracle")?;
    checks::writable(proposal, "slash_proposal")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;

    let mut r = Reader::new(data);
    let amount = r.u64()?;
    let reason = r.u16()?;
    let evidence_hash = r.take::<32>()?;
    r.finish()?;
    if !net.is_oracle(oracle.address()) {
        return Err(NetworkError::NotOracle.into());
    }
    if net.is_paused(pause::SLASHING) {
        return Err(NetworkError::SlashingPaused.into());
    }
    if reason == 0 {
        return Err(NetworkError::InvalidReason.into());
    }
    let b = Buckets { active: op.active_stake, unbonding: op.unbonding_stake, unlock_ts: op.unbonding_unlock_ts };
    stake_math::check_proposal(amount, b, net.max_slash_bps)?;
    let id = net.slash_proposal_count;
    let next_id = id.add_or(1)?;
    let approved = net.oracle_threshold <= 1;
    let open = if approved { op.open_slashes.add_or(1)? } else { op.open_slashes };

    let (proposal_key, bump) =
        key::find_program_address(&[seeds::SLASH, network_key.as_ref(), operator_key.as_ref(), evidence_hash], program_id);
    if !key::eq(proposal.address(), &proposal_key.0) {
        return Err(checks::account_error("slash_proposal", FrameworkError::ConstraintSeeds));
    }
    let now = Clock::get()?.unix_timestamp;
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(seeds::SLASH),
        Seed::from(network_key.as_ref()),
        Seed::from(operator_key.as_ref()),
        Seed::from(evidence_hash.as_ref()),
        Seed::from(&bump_seed),
    ];
    let p = state::create::<SlashProposal>(&NewAccount { payer, seeds: &signer_seeds, role: "slash_proposal" }, proposal, program_id)?;
    key::copy_key(&mut p.network, &network_key);
    key::copy_key(&mut p.operator, &operator_key);
    key::copy_key(&mut p.proposer, oracle.address());
    p.evidence_hash = *evidence_hash;
    key::copy_key(&mut p.payer, payer.address());
    p.approvers[0] = *oracle.address();
    p.approval_count = 1;
    p.dispute_window_secs = net.slash_dispute_window_secs;
    p.max_slash_bps = net.max_slash_bps;
    p.id = id;
    p.amount = amount;
    p.created_at = now;
    p.reason = reason;
    p.bump = bump;
    if approved {
        p.status = slash_status::APPROVED;
        p.approved_at = now;
    }
    net.slash_proposal_count = next_id;
    op.open_slashes = open;

    Event::<186>::new(SLASH_PROPOSED)
        .key(&network_key)
        .key(&proposal_key.0)
        .key(&operator_key)
        .key(oracle.address())
        .u64(id)
        .u64(amount)
        .u16(reason)
        .bytes(evidence_hash)
        .emit();
    Ok(())
}
