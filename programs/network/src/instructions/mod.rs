//! One file per instruction. Each file declares its discriminator and a `process` function that
//! checks every account at the top, validates arguments, then changes state.
use groundwork_common::{
    checks::{framework_error, FrameworkError},
    discriminator, Ix,
    pinocchio::{AccountView, Address, ProgramResult},
};

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

macro_rules! instructions {
    ($($module:ident),+ $(,)?) => {
        /// (name, discriminator) of every instruction, for dispatch and the IDL check.
        pub const ALL: &[(&str, [u8; 8])] = &[$((stringify!($module), discriminator::instruction(stringify!($module))),)+];

        pub fn dispatch(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
            if data.len() < 8 {
                return Err(framework_error(FrameworkError::InstructionMissing));
            }
            let (head, args) = data.split_at(8);
            let tag = u64::from_le_bytes(head.try_into().unwrap());
            $(
                // `const` forces the hash to compile time; a runtime sha256 would cost ~10k CU.
                if tag == const { u64::from_le_bytes(discriminator::instruction(stringify!($module))) } {
                    return $module::process(&mut Ix { program_id, accounts, data: args });
                }
            )+
            Err(framework_error(FrameworkError::InstructionFallbackNotFound))
        }
    };
}

instructions!(
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
);
