//! `set_device_fees(kind, onboarding_fee, location_fee)`: the authority prices a device kind in
//! data credits: the onboarding fee (`register_device`, `reactivate_device`) and the location
//! assertion fee (`assert_location`). Creates the network's fee schedule on first use; from then
//! on those instructions need it. A kind stays listed once priced (set both fees to 0 to make
//! it free again); up to 16 kinds. Fees apply at once: they gate new onboardings only.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority
//! 2. `[writable]` network
//! 3. `[writable]` fee_schedule: PDA `["fee_schedule", network]`, created when absent
//! 4. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_FEES_SET},
    guard,
    state::{seeds, DeviceFees, FeeSchedule, MAX_FEE_KINDS},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::{SYSTEM_PROGRAM, SYSTEM_PROGRAM_ID},
    key,
    pinocchio::{cpi::Seed, ProgramResult},
    state::{self, NewAccount},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, authority, network, fee_schedule, system_program] = checks::accounts::<5>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::writable(fee_schedule, "fee_schedule")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let kind = r.u16()?;
    let onboarding_fee = r.u64()?;
    let location_fee = r.u64()?;
    r.finish()?;

    let (schedule_pda, bump) = key::find_program_address(&[seeds::FEE_SCHEDULE, network_key.as_ref()], program_id);
    if !key::eq(fee_schedule.address(), &schedule_pda.0) {
        return Err(checks::account_error("fee_schedule", FrameworkError::ConstraintSeeds));
    }
    let fresh = key::owned_by(fee_schedule, &SYSTEM_PROGRAM.0);
    if !fresh {
        // Existing schedule: find the kind's slot, or the next free one, before creating anything.
        let s = state::load::<FeeSchedule>(fee_schedule, program_id, "fee_schedule")?;
        let listed = s.entries[..(s.entry_count as usize).min(MAX_FEE_KINDS)].iter().any(|e| e.kind == kind);
        if !listed && s.entry_count as usize >= MAX_FEE_KINDS {
            return Err(NetworkError::FeeScheduleFull.into());
        }
    }
    let s = if fresh {
        let bump_seed = [bump];
        let signer_seeds = [Seed::from(seeds::FEE_SCHEDULE), Seed::from(network_key.as_ref()), Seed::from(&bump_seed)];
        let s = state::create::<FeeSchedule>(&NewAccount { payer, seeds: &signer_seeds, role: "fee_schedule" }, fee_schedule, program_id)?;
        key::copy_key(&mut s.network, &network_key);
        s.bump = bump;
        s
    } else {
        state::load_mut::<FeeSchedule>(fee_schedule, program_id, "fee_schedule")?
    };
    let count = (s.entry_count as usize).min(MAX_FEE_KINDS);
    let slot = s.entries[..count].iter().position(|e| e.kind == kind).unwrap_or(count);
    s.entries[slot] = DeviceFees { onboarding_fee, location_fee, kind, _reserved: [0; 6] };
    if slot == count {
        s.entry_count += 1;
    }
    net.has_fee_schedule = 1;

    Event::<58>::new(DEVICE_FEES_SET).key(&network_key).u16(kind).u64(onboarding_fee).u64(location_fee).emit();
    Ok(())
}
