//! `set_reward_split`: the operator sets where its rewards go: another wallet (one recipient at
//! 10,000 basis points) or a split among up to `MAX_SPLIT_RECIPIENTS` wallets (e.g. operator /
//! host / maker). Creates the operator's `RewardSplit` the first time (the payer pays its rent),
//! replaces it afterwards, and marks the operator's claim status so every later claim pays the
//! split (`claim`). The claim status must exist (`initialize_claim_status`; the SDK adds it).
//!
//! A new split applies to every claim that lands after it, including rewards earned before the
//! change and not yet claimed: an operator that wants those paid under the old split claims
//! first (the operator's choice; nothing else can know which epoch a host was owed).
//!
//! Accounts:
//! 0. `[signer]` operator: the operator's wallet, the key in its leaves
//! 1. `[writable, signer]` payer: pays the split account's rent when it is created
//! 2. `[]` config: `["rewards", network]`
//! 3. `[writable]` claim_status: PDA `["claim", network, operator]`
//! 4. `[writable]` split: PDA `["split", network, operator]`, created here if missing
//! 5. `[]` system_program
//!
//! Args: recipients Vec<SplitRecipient { wallet: Pubkey, bps: u16 }> (1 to 4; bps > 0, summing to 10,000; no wallet twice).
use crate::{
    error::RewardsError,
    events::{REWARD_SPLIT_SET},
    state::{seeds, validate_split, ClaimStatus, RewardSplit, RewardsConfig, SplitRecipient, MAX_SPLIT_RECIPIENTS},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    event,
    ids::SYSTEM_PROGRAM,
    key,
    pinocchio::{cpi::Seed, Address, ProgramResult},
    state::{self, NewAccount},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [operator, payer, config, claim_status, split, system_program] = checks::accounts::<6>(ix.accounts)?;
    checks::signer(operator, "operator")?;
    checks::writable_signer(payer, "payer")?;
    checks::program(system_program, &SYSTEM_PROGRAM.0, "system_program")?;
    let cfg = state::load::<RewardsConfig>(config, program_id, "config")?;
    let network_key = &cfg.network;
    let operator_key = operator.address();
    let status_view = *claim_status;
    let status = state::load_mut::<ClaimStatus>(claim_status, program_id, "claim_status")?;
    checks::pda(&status_view, &[seeds::CLAIM, network_key.as_ref(), operator_key.as_ref()], status.bump, program_id, "claim_status")?;

    let mut r = Reader::new(data);
    let n = r.u32()? as usize;
    if n > MAX_SPLIT_RECIPIENTS {
        return Err(RewardsError::InvalidSplitCount.into());
    }
    let mut recipients = [SplitRecipient { wallet: Address::new_from_array([0; 32]), bps: 0 }; MAX_SPLIT_RECIPIENTS];
    for recipient in recipients.iter_mut().take(n) {
        *recipient = SplitRecipient { wallet: r.address()?, bps: r.u16()? };
    }
    r.finish()?;
    validate_split(&recipients[..n], config.address())?;

    let split_seeds: [&[u8]; 3] = [seeds::SPLIT, network_key.as_ref(), operator_key.as_ref()];
    let s = if key::owned_by(split, program_id) {
        // Replacing: it must be this operator's split in this network (stored when it was made
        // at its canonical address, so no derivation is needed).
        let s = state::load_mut::<RewardSplit>(split, program_id, "split")?;
        if !key::eq(&s.operator, operator_key) || !key::eq(&s.network, network_key) {
            return Err(checks::account_error("split", FrameworkError::ConstraintSeeds));
        }
        s
    } else {
        let (address, bump) = key::find_program_address(&split_seeds, program_id);
        if !key::eq(split.address(), &address) {
            return Err(checks::account_error("split", FrameworkError::ConstraintSeeds));
        }
        let bump_seed = [bump];
        let signer = [Seed::from(seeds::SPLIT), Seed::from(network_key.as_ref()), Seed::from(operator_key.as_ref()), Seed::from(&bump_seed)];
        let s = state::create::<RewardSplit>(&NewAccount { payer, seeds: &signer, role: "split" }, split, program_id)?;
        s.bump = bump;
        key::copy_key(&mut s.network, network_key);
        key::copy_key(&mut s.operator, operator_key);
        s
    };
    for (i, r) in recipients.iter().enumerate() {
        // Unused slots are zeroed, so a shorter split leaves nothing of a longer one behind.
        key::copy_key(&mut s.recipients[i], &r.wallet);
        s.bps[i] = r.bps;
    }
    s.count = n as u8;
    status.has_split = 1;

    // 8 + 32 + 32 + 1 + 4 × 32 + 4 × 2 = 209 bytes.
    let mut e = event::Event::<216>::new(REWARD_SPLIT_SET);
    e.key(network_key).key(operator_key).u8(n as u8);
    for r in recipients.iter() {
        e.key(&r.wallet);
    }
    for r in recipients.iter() {
        e.u16(r.bps);
    }
    e.emit();
    Ok(())
}
