//! Reading a Pyth pull-oracle `PriceUpdateV2` account (Anchor account of the Pyth receiver
//! program) without the Pyth SDK. Borsh layout:
//!
//! ```text
//! 0   discriminator       sha256("account:PriceUpdateV2")[..8]
//! 8   write_authority     Pubkey
//! 40  verification_level  enum tag: 0 = Partial { num_signatures: u8 }, 1 = Full (no payload)
//! ..  price_message       feed_id [u8;32], price i64, conf u64, exponent i32, publish_time i64,
//!                         prev_publish_time i64, ema_price i64, ema_conf u64
//! ..  posted_slot         u64
//! ```
//! Borsh enums are variable-length: with `Full` the message starts at 41 (the 134-byte account
//! keeps one unused byte at the end); with `Partial` it would start at 42. We only accept `Full`,
//! so offsets below assume it.
use crate::{error::CreditsError, price::OraclePrice};
use groundwork_common::{discriminator, pinocchio::Address};

pub const PYTH_RECEIVER_PROGRAM_ID: Address = Address::new_from_array([
    12, 183, 250, 187, 82, 247, 166, 72, 187, 91, 49, 125, 154, 1, 139, 144, 87, 203, 2, 71, 116, 250,
    254, 1, 230, 196, 223, 152, 204, 56, 88, 129,
]); // rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ
/// The receiver id on an 8-byte boundary, for `key::eq` word compares.
pub const PYTH_RECEIVER_PROGRAM: groundwork_common::key::AlignedKey = groundwork_common::key::AlignedKey(PYTH_RECEIVER_PROGRAM_ID);
pub const PRICE_UPDATE_V2_DISCRIMINATOR: [u8; 8] = discriminator::account("PriceUpdateV2");
/// Account size the receiver allocates (room for the 2-byte `Partial` variant).
pub const PRICE_UPDATE_V2_LEN: usize = 134;

const VERIFICATION: usize = 40;
const FULL: u8 = 1;
const FEED_ID: usize = 41;
const PRICE: usize = FEED_ID + 32;
const CONF: usize = PRICE + 8;
const EXPONENT: usize = CONF + 8;
const PUBLISH_TIME: usize = EXPONENT + 4;
/// End of the fields we read (a `Full` update needs at least this much data).
pub const MIN_LEN: usize = PUBLISH_TIME + 8;

/// Checks verification level, feed and age of a price update's data (discriminator, owner and
/// length are checked by the caller as account constraints), and returns its price.
#[inline(always)]
pub fn validated_price(data: &[u8], feed_id: &[u8; 32], now: i64, max_age_secs: u64) -> Result<OraclePrice, CreditsError> {
    if data[VERIFICATION] != FULL {
        return Err(CreditsError::PriceNotFullyVerified);
    }
    if &data[FEED_ID..FEED_ID + 32] != feed_id {
        return Err(CreditsError::PriceFeedMismatch);
    }
    let publish_time = i64::from_le_bytes(data[PUBLISH_TIME..PUBLISH_TIME + 8].try_into().unwrap());
    // saturating: an absurd publish time must read as stale or fresh, never wrap.
    if publish_time.saturating_add(max_age_secs as i64) < now {
        return Err(CreditsError::PriceStale);
    }
    Ok(OraclePrice {
        price: i64::from_le_bytes(data[PRICE..PRICE + 8].try_into().unwrap()),
        conf: u64::from_le_bytes(data[CONF..CONF + 8].try_into().unwrap()),
        exponent: i32::from_le_bytes(data[EXPONENT..EXPONENT + 4].try_into().unwrap()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(full: bool, feed: [u8; 32], price: i64, conf: u64, exponent: i32, publish_time: i64) -> [u8; PRICE_UPDATE_V2_LEN] {
        let mut d = [0u8; PRICE_UPDATE_V2_LEN];
        d[..8].copy_from_slice(&PRICE_UPDATE_V2_DISCRIMINATOR);
        let mut o = VERIFICATION;
        if full {
            d[o] = 1;
            o += 1;
        } else {
            d[o] = 0;
            d[o + 1] = 5;
            o += 2;
        }
        d[o..o + 32].copy_from_slice(&feed);
        d[o + 32..o + 40].copy_from_slice(&price.to_le_bytes());
        d[o + 40..o + 48].copy_from_slice(&conf.to_le_bytes());
        d[o + 48..o + 52].copy_from_slice(&exponent.to_le_bytes());
        d[o + 52..o + 60].copy_from_slice(&publish_time.to_le_bytes());
        d
    }

    #[test]
    fn discriminator_is_anchors() {
        // sha256("account:PriceUpdateV2")[..8], as Pyth's receiver IDL lists it.
        assert_eq!(PRICE_UPDATE_V2_DISCRIMINATOR, [34, 241, 35, 99, 157, 126, 244, 205]);
    }

    #[test]
    fn reads_a_full_update() {
        let d = update(true, [7; 32], 50_000_000, 100_000, -8, 1_000);
        assert_eq!(validated_price(&d, &[7; 32], 1_060, 60), Ok(OraclePrice { price: 50_000_000, conf: 100_000, exponent: -8 }));
    }

    #[test]
    fn rejects_partial_wrong_feed_and_stale() {
        assert_eq!(validated_price(&update(false, [7; 32], 1, 0, -8, 1_000), &[7; 32], 1_000, 60), Err(CreditsError::PriceNotFullyVerified));
        assert_eq!(validated_price(&update(true, [8; 32], 1, 0, -8, 1_000), &[7; 32], 1_000, 60), Err(CreditsError::PriceFeedMismatch));
        assert_eq!(validated_price(&update(true, [7; 32], 1, 0, -8, 1_000), &[7; 32], 1_061, 60), Err(CreditsError::PriceStale));
        assert_eq!(validated_price(&update(true, [7; 32], 1, 0, -8, i64::MIN), &[7; 32], 1_061, 60), Err(CreditsError::PriceStale));
    }
}
