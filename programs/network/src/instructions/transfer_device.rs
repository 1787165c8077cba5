//! `transfer_device`: moves an active device to another operator of the same network. The
//! current operator's wallet signs to give it away; the receiving operator's wallet signs too,
//! because a device locks `stake_per_device` of the receiver's stake and nobody may lock
//! someone else's stake. Neither operator may be jailed: a slashed operator cannot hand its
//! devices to another wallet and keep running them. The receiver must have stake for one more
//! device.
//!
//! Accounts:
//! 0. `[signer]` authority: wallet of the current operator
//! 1. `[signer]` new_authority: wallet of the receiving operator
//! 2. `[]` network
//! 3. `[writable]` from_operator
//! 4. `[writable]` to_operator
//! 5. `[writable]` device
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_TRANSFERRED},
    guard,
    stake_math,
    state::{pause, Device, Network},
};
use groundwork_common::{
    key,
    state,
    checks::{self, FrameworkError},
    math::Checked,
    pinocchio::ProgramResult,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, new_authority, network, from_operator, to_operator, device] = checks::accounts::<6>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    checks::signer(new_authority, "new_authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let (from_key, to_key) = (*from_operator.address(), *to_operator.address());
    // Same account in both roles would alias two mutable views of one operator.
    if key::eq(&from_key, &to_key) {
        return Err(NetworkError::SameOperator.into());
    }
    let from = guard::operator_of(from_operator, &network_key, program_id, "from_operator")?;
    guard::controls(from, authority)?;
    let to = guard::operator_of(to_operator, &network_key, program_id, "to_operator")?;
    guard::controls(to, new_authority)?;
    let device_key = key::AlignedKey::copy_of(device.address());
    let dev = state::load_mut::<Device>(device, program_id, "device")?;
    if !key::eq(&dev.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&dev.operator, &from_key) {
        return Err(checks::account_error("device", FrameworkError::ConstraintHasOne));
    }
    Reader::new(data).finish()?;
    if net.is_paused(pause::REGISTRATION) {
        return Err(NetworkError::RegistrationPaused.into());
    }
    if dev.active == 0 {
        return Err(NetworkError::DeviceInactive.into());
    }
    if from.jailed != 0 || to.jailed != 0 {
        return Err(NetworkError::OperatorJailed.into());
    }
    stake_math::can_add_device(to.active_stake, to.device_count, net.stake_per_device, net.min_operator_stake)?;
    let from_count = from.device_count.sub_or(1)?;
    let to_count = to.device_count.add_or(1)?;

    dev.operator = to_key;
    from.device_count = from_count;
    to.device_count = to_count;

    Event::<104>::new(DEVICE_TRANSFERRED).key(&device_key).key(&from_key).key(&to_key).emit();
    Ok(())
}
