//! `reactivate_device`: the operator brings a deactivated device back, with the device key's
//! signature (it still holds the hardware), stake for one more device as at registration, and
//! the kind's onboarding fee again when the network prices it. The maker does not co-sign again:
//! the device was onboarded once (recorded on it), and a maker revoked since must not strand its
//! devices (docs/makers.md).
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[writable]` network
//! 2. `[writable]` operator
//! 3. `[writable]` device
//! 4. `[signer]` device_key
//! 5. `[optional]` fee_schedule: PDA `["fee_schedule", network]` (once the network has fees)
//! 6–12. `[optional]` the fee payer and credits accounts (`fees::burn`; non-zero fee)
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_REACTIVATED},
    fees::{self, fee_kind, FeeBurn},
    guard,
    stake_math,
    state::{pause, Device, Network},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    key,
    math::Checked,
    pinocchio::{AccountView, Address, ProgramResult},
    state,
    wire::Reader,
    Ix,
};

const FEES_AT: usize = 5;

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let all: &[AccountView] = ix.accounts;
    let (extra_views, extra_len) = fees::trailing(all, FEES_AT);
    let fee_accounts = &extra_views[..extra_len];
    let [authority, network, operator, device, device_key] = checks::accounts::<5>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    checks::signer(device_key, "device_key")?;
    let network_view = *network;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;
    let device_account = key::AlignedKey::copy_of(device.address());
    let dev = state::load_mut::<Device>(device, program_id, "device")?;
    if !key::eq(&dev.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&dev.operator, &operator_key) {
        return Err(checks::account_error("device", FrameworkError::ConstraintHasOne));
    }
    if !key::eq(&dev.device_key, device_key.address()) {
        return Err(checks::account_error("device_key", FrameworkError::ConstraintHasOne));
    }
    Reader::new(data).finish()?;
    if net.is_paused(pause::REGISTRATION) {
        return Err(NetworkError::RegistrationPaused.into());
    }
    if op.jailed != 0 {
        return Err(NetworkError::OperatorJailed.into());
    }
    if dev.active != 0 {
        return Err(NetworkError::DeviceActive.into());
    }
    stake_math::can_add_device(op.active_stake, op.device_count, net.stake_per_device, net.min_operator_stake)?;
    let device_count = op.device_count.add_or(1)?;
    let active_devices = net.active_device_count.add_or(1)?;
    let fee = fees::fees_of(fee_accounts, 0, net, &network_key, program_id, dev.kind)?.onboarding_fee;
    let mut fee_payer = Address::new_from_array([0; 32]);
    if fee > 0 {
        let burn = FeeBurn { accounts: fee_accounts, at: 1, network: &network_view, net, amount: fee, fee_kind: fee_kind::ONBOARDING, device: &device_account };
        fees::burn(&burn, program_id, &mut fee_payer)?;
    }
    dev.active = 1;
    op.device_count = device_count;
    net.active_device_count = active_devices;

    Event::<112>::new(DEVICE_REACTIVATED).key(&operator_key).key(&device_account).key(&fee_payer).u64(fee).emit();
    Ok(())
}
