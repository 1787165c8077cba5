//! `assert_location(location)`: the operator moves an active device to another location cell,
//! paying the kind's location assertion fee in credits (from the fee payer, through the credits
//! program) when the network prices it. The device counts its assertions.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[]` network
//! 2. `[]` operator
//! 3. `[writable]` device
//! 4. `[optional]` fee_schedule: PDA `["fee_schedule", network]` (once the network has fees)
//! 5–11. `[optional]` the fee payer and credits accounts (`fees::burn`; non-zero fee)
use crate::{
    error::NetworkError,
    events::{Event, DEVICE_LOCATION_ASSERTED},
    fees::{self, fee_kind, FeeBurn},
    guard,
    state::{pause, Device, Network, Operator},
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

const FEES_AT: usize = 4;

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let all: &[AccountView] = ix.accounts;
    let (extra_views, extra_len) = fees::trailing(all, FEES_AT);
    let fee_accounts = &extra_views[..extra_len];
    let [authority, network, operator, device] = checks::accounts::<4>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_view = *network;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = state::load::<Operator>(operator, program_id, "operator")?;
    if !key::eq(&op.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    guard::controls(op, authority)?;
    let device_key = key::AlignedKey::copy_of(device.address());
    let dev = state::load_mut::<Device>(device, program_id, "device")?;
    if !key::eq(&dev.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&dev.operator, &operator_key) {
        return Err(checks::account_error("device", FrameworkError::ConstraintHasOne));
    }

    let mut r = Reader::new(data);
    let location = r.u64()?;
    r.finish()?;
    if net.is_paused(pause::REGISTRATION) {
        return Err(NetworkError::RegistrationPaused.into());
    }
    if op.jailed != 0 {
        return Err(NetworkError::OperatorJailed.into());
    }
    if dev.active == 0 {
        return Err(NetworkError::DeviceInactive.into());
    }
    if dev.location == location {
        return Err(NetworkError::LocationUnchanged.into());
    }
    let asserts = dev.location_asserts.add_or(1)?;
    let fee = fees::fees_of(fee_accounts, 0, net, &network_key, program_id, dev.kind)?.location_fee;
    let mut fee_payer = Address::new_from_array([0; 32]);
    if fee > 0 {
        let burn = FeeBurn { accounts: fee_accounts, at: 1, network: &network_view, net, amount: fee, fee_kind: fee_kind::LOCATION, device: &device_key };
        fees::burn(&burn, program_id, &mut fee_payer)?;
    }
    let previous = dev.location;
    dev.location = location;
    dev.location_asserts = asserts;

    Event::<100>::new(DEVICE_LOCATION_ASSERTED)
        .key(&device_key)
        .u64(previous)
        .u64(location)
        .u32(asserts)
        .key(&fee_payer)
        .u64(fee)
        .emit();
    Ok(())
}
