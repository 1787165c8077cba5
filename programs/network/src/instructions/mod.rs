//! One file per instruction. Each file declares its discriminator and a `process` function that
//! checks every account at the top, validates arguments, then changes state.
pub mod initialize_network;
pub mod update_params;
pub mod set_oracles;
pub mod set_paused;
pub mod propose_authority;
pub mod accept_authority;
pub mod register_operator;
pub mod stake;
pub mod request_unstake;
pub mod withdraw_unstaked;
pub mod register_device;
pub mod deactivate_device;
pub mod transfer_device;
pub mod propose_slash;
pub mod approve_slash;
pub mod veto_slash;
pub mod dispute_slash;
pub mod execute_slash;
pub mod unjail_operator;
pub mod refresh_slash;
pub mod set_treasury;
pub mod apply_governance;
pub mod cancel_governance;
pub mod set_makers_required;
pub mod approve_maker;
pub mod revoke_maker;
pub mod set_device_fees;
pub mod assert_location;
pub mod reactivate_device;

groundwork_common::instructions!(
    initialize_network,
    update_params,
    set_oracles,
    set_paused,
    propose_authority,
    accept_authority,
    register_operator,
    stake,
    request_unstake,
    withdraw_unstaked,
    register_device,
    deactivate_device,
    transfer_device,
    propose_slash,
    approve_slash,
    veto_slash,
    dispute_slash,
    execute_slash,
    unjail_operator,
    refresh_slash,
    set_treasury,
    apply_governance,
    cancel_governance,
    set_makers_required,
    approve_maker,
    revoke_maker,
    set_device_fees,
    assert_location,
    reactivate_device,
);
