//! Groundwork credits program: the demand side of a DePIN network.
//!
//! Customers burn the network token and receive non-transferable data credits (DC, a Token-2022
//! mint with the NonTransferable extension whose mint authority is the credits config PDA) at a
//! fixed rate or at a Pyth pull-oracle price. Holders spend credits for service, directly or
//! through capped delegations to service providers. Every burn and spend is tallied per network
//! epoch in the network's `TallyRing` (the last 16 epochs), which the rewards program reads; a
//! windowed circuit breaker caps credits minted per window.
#![no_std]

pub mod breaker;
pub mod error;
pub mod events;
pub mod instructions;
pub mod params;
pub mod price;
pub mod pyth;
pub mod state;

// The rewards program links this crate with `features = ["no-entrypoint"]` to read tallies.
groundwork_common::program!();
