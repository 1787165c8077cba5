//! Groundwork rewards program: pays operators for verified useful work.
//!
//! Per network (a PDA of the network program) a rewards config holds the emission schedule, the
//! supply cap, the operator/treasury split and the funding mode (the program mints, or pays from a
//! vault the team funds). After each epoch an m-of-n quorum of the network's oracles publishes one
//! merkle root of every operator's cumulative lifetime reward; operators (or anyone for them)
//! claim the difference to what they already claimed. On-chain cost per epoch does not depend on
//! the number of operators.
#![no_std]

pub mod credits_tally;
pub mod emission;
pub mod error;
pub mod events;
pub mod hash;
pub mod instructions;
pub mod merkle;
pub mod state;

groundwork_common::program!();
