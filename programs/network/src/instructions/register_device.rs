//! `register_device(kind, location, metadata_hash)`: an operator registers hardware. The device
//! key signs (proof of possession, so nobody registers a node they do not hold), and the
//! operator's active stake must cover one more device. When the network requires makers, an
//! approved, unrevoked maker allowed for `kind` co-signs with its factory key and is recorded on
//! the device; its stake account must keep its maker stake. Instead of co-signing live, the maker
//! may have attested the device offline at manufacture (an Ed25519SigVerify instruction over
//! `attestation::message`), so owners onboard devices whose maker no longer answers. When the network prices `kind`, the
//! onboarding fee is burned in credits from the fee payer (the operator, the maker pre-paying, or
//! anyone who signs) through the credits program (docs/makers.md).
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the operator's wallet
//! 2. `[writable]` network
//! 3. `[writable]` operator
//! 4. `[writable]` device: PDA `["device", network, device_key]`, created here
//! 5. `[signer]` device_key
//! 6. `[]` system_program
//! 7. `[signer, optional]` maker_key: the maker's factory key co-signing (makers required), or
//!    none when the maker attested the device offline (then account 18 and the Ed25519
//!    instruction before this one; `attestation`)
//! 8. `[writable, optional]` maker: PDA `["maker", network, maker_key]` (makers required)
//! 9. `[optional]` maker_operator: the maker's stake account (makers required)
//! 10. `[optional]` fee_schedule: PDA `["fee_schedule", network]` (once the network has fees)
//! 11–17. `[optional]` the fee payer and credits accounts (`fees::burn`; non-zero fee)
//! 18. `[optional]` instructions_sysvar: `Sysvar1nstructions1111111111111111111111111` (only
//!    read for an attestation, i.e. makers required and no maker_key)
use crate::{
    attestation,
    error::NetworkError,
    events::{Event, DEVICE_ONBOARDED, DEVICE_REGISTERED},
    fees::{self, fee_kind, FeeBurn},
    guard,
    stake_math,
    state::{pause, seeds, Device, Maker, Network, Operator},
};
use groundwork_common::{
    key,
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM_ID,
    math::Checked,
    pinocchio::{
        cpi::Seed,
        sysvars::{clock::Clock, Sysvar},
        AccountView, Address, ProgramResult,
    },
    state::{self, NewAccount},
    wire::Reader,
    Ix,
};

const MAKER_AT: usize = 7;
const FEES_AT: usize = 10;
const INSTRUCTIONS_AT: usize = FEES_AT + fees::FEE_ACCOUNTS;

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    // Copies of the optional accounts (views are handles; the data stays in place).
    let all: &[AccountView] = ix.accounts;
    let maker_views = [fees::optional(all, MAKER_AT, program_id), fees::optional(all, MAKER_AT + 1, program_id), fees::optional(all, MAKER_AT + 2, program_id)];
    let instructions_sysvar = fees::optional(all, INSTRUCTIONS_AT, program_id);
    let (extra_views, extra_len) = fees::trailing(all, FEES_AT);
    let fee_accounts = &extra_views[..extra_len];
    let [payer, authority, network, operator, device, device_key, system_program] = checks::accounts::<7>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(device, "device")?;
    checks::signer(device_key, "device_key")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let network_view = *network;
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

    // The maker, when the network requires one.
    let mut maker_store = maker_views;
    let mut maker: Option<(&mut Maker, u64)> = None;
    let mut maker_account = key::AlignedKey(Address::new_from_array([0; 32]));
    if net.makers_required != 0 {
        let [maker_signer, Some(maker_view), Some(maker_op_view)] = &mut maker_store else {
            return Err(NetworkError::MakerRequired.into());
        };
        key::copy_key(&mut maker_account.0, maker_view.address());
        let m = state::load_mut::<Maker>(maker_view, program_id, "maker")?;
        match maker_signer {
            // Live co-signature: the factory key signs this transaction.
            Some(signer) => {
                checks::signer(signer, "maker_key")?;
                if !key::eq(&m.maker_key, signer.address()) {
                    return Err(NetworkError::NotMakerKey.into());
                }
            }
            // Offline attestation by the maker's key, checked in the Ed25519 instruction before.
            None => {
                let Some(sysvar) = instructions_sysvar else {
                    return Err(NetworkError::MakerAttestationMissing.into());
                };
                checks::address(&sysvar, &attestation::INSTRUCTIONS_SYSVAR_ID, "instructions_sysvar")?;
                // SAFETY: the sysvar is read-only and nothing in this instruction borrows it mutably.
                let data = unsafe { sysvar.borrow_unchecked() };
                let expected = attestation::Expected {
                    maker_key: m.maker_key.as_array(),
                    network: network_key.0.as_array(),
                    device_key: device_key.address().as_array(),
                    kind,
                };
                attestation::verify(data, &expected)?;
            }
        }
        // The maker may also be the registering operator: its stake account is then `operator`,
        // read here before this handler writes it, and must also cover the device being added.
        let own_device = key::eq(maker_op_view.address(), &operator_key) as u64;
        check_maker(m, maker_op_view, &network_key, net, program_id, kind, own_device)?;
        let onboarded = m.devices_onboarded.add_or(1)?;
        maker = Some((m, onboarded));
    }
    let fees = fees::fees_of(fee_accounts, 0, net, &network_key, program_id, kind)?;

    let (device_pda, bump) =
        key::find_program_address(&[seeds::DEVICE, network_key.as_ref(), device_key.address().as_ref()], program_id);
    if !key::eq(device.address(), &device_pda.0) {
        return Err(checks::account_error("device", FrameworkError::ConstraintSeeds));
    }
    let mut fee_payer = Address::new_from_array([0; 32]);
    if fees.onboarding_fee > 0 {
        let burn = FeeBurn { accounts: fee_accounts, at: 1, network: &network_view, net, amount: fees.onboarding_fee, fee_kind: fee_kind::ONBOARDING, device: &device_pda.0 };
        fees::burn(&burn, program_id, &mut fee_payer)?;
    }
    let now = Clock::get()?.unix_timestamp;
    let bump_seed = [bump];
    let signer_seeds =
        [Seed::from(seeds::DEVICE), Seed::from(network_key.as_ref()), Seed::from(device_key.address().as_ref()), Seed::from(&bump_seed)];
    let dev = state::create::<Device>(&NewAccount { payer, seeds: &signer_seeds, role: "device" }, device, program_id)?;
    key::copy_key(&mut dev.network, &network_key);
    key::copy_key(&mut dev.operator, &operator_key);
    key::copy_key(&mut dev.device_key, device_key.address());
    key::copy_key(&mut dev.maker, &maker_account.0);
    dev.metadata_hash = *metadata_hash;
    dev.location = location;
    dev.registered_at = now;
    dev.kind = kind;
    dev.active = 1;
    dev.bump = bump;
    op.device_count = device_count;
    net.active_device_count = active_devices;
    let with_maker = maker.is_some();
    if let Some((m, onboarded)) = maker {
        m.devices_onboarded = onboarded;
    }

    Event::<178>::new(DEVICE_REGISTERED)
        .key(&network_key)
        .key(&operator_key)
        .key(&device_pda.0)
        .key(device_key.address())
        .u16(kind)
        .u64(location)
        .bytes(metadata_hash)
        .emit();
    if with_maker || fees.onboarding_fee > 0 {
        Event::<112>::new(DEVICE_ONBOARDED).key(&device_pda.0).key(&maker_account.0).key(&fee_payer).u64(fees.onboarding_fee).emit();
    }
    Ok(())
}

/// The maker onboarding a device (its key's signature or attestation is checked by the caller):
/// the account is this network's maker, not revoked, allowed for `kind`, and its stake account
/// (the maker key's `Operator`) is not jailed and keeps `stake_required` beyond its own devices'
/// stake. The same rules whether the maker signs live or attested offline: a maker that went
/// quiet keeps its approval and stake, so its attestations stay good; a revoked one's stop.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_maker(m: &Maker, maker_op: &AccountView, network: &Address, net: &Network, program_id: &Address, kind: u16, adding: u64) -> ProgramResult {
    if !key::eq(&m.network, network) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if m.revoked != 0 {
        return Err(NetworkError::MakerRevoked.into());
    }
    if !m.may_issue(kind) {
        return Err(NetworkError::MakerKindNotAllowed.into());
    }
    checks::address(maker_op, &m.stake_operator, "maker_operator")?;
    let stake = state::load::<Operator>(maker_op, program_id, "maker_operator")?;
    if stake.jailed != 0 {
        return Err(NetworkError::MakerJailed.into());
    }
    let beyond = stake.active_stake.checked_sub(m.stake_required).ok_or(NetworkError::MakerUnderstaked)?;
    if !stake_math::covers_devices(beyond, (stake.device_count as u64).add_or(adding)?, net.stake_per_device) {
        return Err(NetworkError::MakerUnderstaked.into());
    }
    Ok(())
}
