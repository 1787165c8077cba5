//! `register_device(kind, location, metadata_hash)`: an operator registers hardware. The device
//! key signs (proof of possession, so nobody registers a node they do not hold), and the
//! operator's active stake must cover one more device.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the operator's wallet
//! 2. `[writable]` network
//! 3. `[writable]` operator
//! 4. `[writable]` device: PDA `["device", network, device_key]`, created here
//! 5. `[signer]` device_key
//! 6. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_REGISTERED},
    guard,
    stake_math,
    state::{pause, seeds, Device, Network},
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
    let [payer, authority, network, operator, device, device_key, system_program] = checks::accounts::<7>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(device, "device")?;
    checks::signer(device_key, "device_key")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;

    let mut r = Reader::new(data);
    let kind = r.u16()?;
    let location = r.u64()?;
    let metadata_hash = r.take::<32>()?;
    r.finish()?;
    if net.is_paused(pause::REGISTRATION) {
        return Err(NetworkError::RegistrationPaused.into());
    }
    if op.jailed != 0 {
        return Err(NetworkError::OperatorJailed.into());
    }
    stake_math::can_add_device(op.active_stake, op.device_count, net.stake_per_device, net.min_operator_stake)?;
    let device_count = op.device_count.add_or(1)?;
    let active_devices = net.active_device_count.add_or(1)?;

    let (device_pda, bump) =
        key::find_program_address(&[seeds::DEVICE, network_key.as_ref(), device_key.address().as_ref()], program_id);
    if !key::eq(device.address(), &device_pda.0) {
        return Err(checks::account_error("device", FrameworkError::ConstraintSeeds));
    }
    let now = Clock::get()?.unix_timestamp;
    let bump_seed = [bump];
    let signer_seeds =
        [Seed::from(seeds::DEVICE), Seed::from(network_key.as_ref()), Seed::from(device_key.address().as_ref()), Seed::from(&bump_seed)];
    let dev = state::create::<Device>(&NewAccount { payer, seeds: &signer_seeds, role: "device" }, device, program_id)?;
    key::copy_key(&mut dev.network, &network_key);
    key::copy_key(&mut dev.operator, &operator_key);
    key::copy_key(&mut dev.device_key, device_key.address());
    dev.metadata_hash = *metadata_hash;
    dev.location = location;
    dev.registered_at = now;
    dev.kind = kind;
    dev.active = 1;
    dev.bump = bump;
    op.device_count = device_count;
    net.active_device_count = active_devices;

    Event::<178>::new(DEVICE_REGISTERED)
        .key(&network_key)
        .key(&operator_key)
        .key(&device_pda.0)
        .key(device_key.address())
        .u16(kind)
        .u64(location)
        .bytes(metadata_hash)
        .emit();
    Ok(())
}
