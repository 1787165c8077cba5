//! Each program declares its single error enum with [`program_errors!`]: codes from 6000 as
//! Anchor numbers user errors, a name and a message that match the program's IDL, and the log
//! line Anchor's `AnchorError.parse` reads so clients get a typed error with its message.

/// Declares a program's error enum.
///
/// ```ignore
/// program_errors! { NetworkError {
///     6000 MissingSigner "A required account did not sign",
/// } }
/// ```
#[macro_export]
macro_rules! program_errors {
    ($enum:ident { $($code:literal $name:ident $msg:literal,)+ }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum $enum { $($name = $code,)+ }

        impl $enum {
            /// Every variant, in code order (the IDL check walks this).
            pub const ALL: &'static [$enum] = &[$($enum::$name,)+];

            pub const fn code(self) -> u32 { self as u32 }

            pub const fn name(self) -> &'static str {
                match self { $($enum::$name => stringify!($name),)+ }
            }

            pub const fn message(self) -> &'static str {
                match self { $($enum::$name => $msg,)+ }
            }

            pub fn from_code(code: u32) -> Option<Self> {
                match code { $($code => Some($enum::$name),)+ _ => None }
            }
        }

        impl From<$enum> for $crate::pinocchio::error::ProgramError {
            #[inline(always)]
            fn from(e: $enum) -> Self {
                $crate::pinocchio::error::ProgramError::Custom(e as u32)
            }
        }

        /// Logs the failure the way an Anchor program does, so clients parse it into an
        /// `AnchorError`. Runs only on the failure path.
        #[cold]
        pub fn log_program_error(error: &$crate::pinocchio::error::ProgramError) {
            if let $crate::pinocchio::error::ProgramError::Custom(code) = error {
                if let Some(e) = $enum::from_code(*code) {
                    $crate::log::anchor_error(&$crate::log::ErrorLine { account: None, name: e.name(), code: e.code(), message: e.message() });
                }
            }
        }
    };
}

/// Declares a program's instruction table: `ALL` (name, discriminator) for the IDL check, and
/// `dispatch`, which matches the 8-byte discriminator and calls `<module>::process`. The order
/// given is the IDL's; it costs nothing at run time, because LLVM lowers the comparisons to a
/// binary search on the discriminator. Invoke it in the module that holds one module per
/// instruction.
#[macro_export]
macro_rules! instructions {
    ($($module:ident),+ $(,)?) => {
        /// (name, discriminator) of every instruction, for dispatch and the IDL check.
        pub const ALL: &[(&str, [u8; 8])] = &[$((stringify!($module), $crate::discriminator::instruction(stringify!($module))),)+];

        pub fn dispatch(
            program_id: &$crate::pinocchio::Address,
            accounts: &mut [$crate::pinocchio::AccountView],
            data: &[u8],
        ) -> $crate::pinocchio::ProgramResult {
            if data.len() < 8 {
                return Err($crate::checks::framework_error($crate::checks::FrameworkError::InstructionMissing));
            }
            let (head, args) = data.split_at(8);
            // Owner checks against the id compare words only when it is 8-byte aligned: when the
            // instruction data's length leaves it unaligned, an aligned copy is used instead.
            let copy;
            let program_id = if $crate::key::is_aligned(program_id) {
                program_id
            } else {
                copy = $crate::key::AlignedKey::copy_of_any(program_id);
                &copy.0
            };
            let tag = u64::from_le_bytes(head.try_into().unwrap());
            $(
                // `const` forces the hash to compile time; a runtime sha256 would cost ~10k CU.
                if tag == const { u64::from_le_bytes($crate::discriminator::instruction(stringify!($module))) } {
                    return $module::process(&mut $crate::Ix { program_id, accounts, data: args });
                }
            )+
            Err($crate::checks::framework_error($crate::checks::FrameworkError::InstructionFallbackNotFound))
        }
    };
}

/// A program's entry: the SBPF entrypoint (left out with the `no-entrypoint` feature, which other
/// programs use to link this one's account layouts), `process_instruction` (dispatch through
/// `instructions::dispatch`, failures logged as Anchor logs them, via `error::log_program_error`)
/// and `instruction_discriminators` for the IDL check. Invoke it at the crate root.
#[macro_export]
macro_rules! program {
    () => {
        #[cfg(all(any(target_os = "solana", target_arch = "bpf"), not(feature = "no-entrypoint")))]
        mod entrypoint {
            use $crate::pinocchio;
            pinocchio::program_entrypoint!(super::process_instruction);
            pinocchio::no_allocator!();
        }

        pub fn process_instruction(
            program_id: &$crate::pinocchio::Address,
            accounts: &mut [$crate::pinocchio::AccountView],
            data: &[u8],
        ) -> $crate::pinocchio::ProgramResult {
            let result = instructions::dispatch(program_id, accounts, data);
            if let Err(error) = &result {
                error::log_program_error(error);
            }
            result
        }

        /// Every instruction's discriminator, in one place: dispatch and the IDL check both use this.
        pub fn instruction_discriminators() -> &'static [(&'static str, [u8; 8])] {
            instructions::ALL
        }
    };
}
