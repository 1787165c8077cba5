//! `deactivate_device`: the operator retires a device, releasing the stake it required. The
//! account stays (inactive) as the record of the device key; it cannot be registered again.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[writable]` network
//! 2. `[writable]` operator
//! 3. `[writable]` device
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_DEACTIVATED},
    guard,
    state::{Device, Network},
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
    let [authority, network, operator, device] = checks::accounts::<4>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;
    let device_key = key::AlignedKey::copy_of(device.address());
    let dev = state::load_mut::<Device>(device, program_id, "device")?;
    if !key::eq(&dev.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&dev.operator, &operator_key) {
        return Err(checks::account_error("device", FrameworkError::ConstraintHasOne));
    }
    Reader::new(data).finish()?;
    if dev.active == 0 {
        return Err(NetworkError::DeviceInactive.into());
    }
    let device_count = op.device_count.sub_or(1)?;
    let active_devices = net.active_device_count.sub_or(1)?;

    dev.active = 0;
    op.device_count = device_count;
    net.active_device_count = active_devices;

    Event::<72>::new(DEVICE_DEACTIVATED).key(&operator_key).key(&device_key).emit();
    Ok(())
}
