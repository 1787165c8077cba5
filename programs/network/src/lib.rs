//! Groundwork network program: the supply side of a DePIN network.
//!
//! One deployment serves many networks, each a PDA of its token mint. A network holds its
//! governance (authority with two-step handover, parameters, pause flags), its m-of-n oracle
//! set, the stake vault, and the registry of operators and devices. Operators stake, unbond
//! through a waiting period, and are slashed on oracle-approved evidence.
#![no_std]

pub mod attestation;
pub mod error;
pub mod events;
pub mod fees;
pub mod governance;
pub mod guard;
pub mod instructions;
pub mod params;
pub mod stake_math;
pub mod state;

// Other programs link this crate for its account layouts with `features = ["no-entrypoint"]`.
groundwork_common::program!();
