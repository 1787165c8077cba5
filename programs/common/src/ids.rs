//! Program ids. A program never needs its own id hard-coded (the runtime passes it), but each
//! verifies accounts owned by the others, so all ids live here.
use crate::key::AlignedKey;
use pinocchio::Address;

pub const NETWORK_PROGRAM_ID: Address = Address::new_from_array([
    130, 224, 23, 18, 189, 125, 85, 21, 252, 61, 213, 152, 139, 133, 248, 177, 12, 102, 107, 207,
    212, 187, 5, 13, 124, 122, 129, 209, 57, 40, 70, 240,
]); // 9otBrbKPDQBP2eW4XDQZm5nRfLrUyk3trRYMAZJuhiVu
pub const CREDITS_PROGRAM_ID: Address = Address::new_from_array([
    167, 214, 220, 170, 27, 89, 187, 127, 31, 14, 137, 173, 118, 37, 13, 176, 189, 162, 0, 122,
    191, 24, 250, 37, 2, 230, 5, 171, 237, 153, 45, 34,
]); // CJB7Qs6yXuR2t4nqNY42aG6awfXYWXBfUeNKQCkE4YQh
pub const REWARDS_PROGRAM_ID: Address = Address::new_from_array([
    122, 179, 53, 64, 126, 223, 218, 86, 238, 244, 117, 167, 26, 89, 188, 104, 39, 199, 49, 32,
    218, 60, 36, 233, 93, 222, 152, 167, 110, 157, 44, 34,
]); // 9FyES7kMw22Esx2rMhwq6qoaazkRWAT1iBHFQFQmhdS9

pub const SYSTEM_PROGRAM_ID: Address = Address::new_from_array([0; 32]);
/// SPL Token (Tokenkeg…): the network token and stake vaults.
pub const TOKEN_PROGRAM_ID: Address = Address::new_from_array([
    6, 221, 246, 225, 215, 101, 161, 147, 217, 203, 225, 70, 206, 235, 121, 172, 28, 180, 133, 237, 95,
    91, 55, 145, 58, 140, 245, 133, 126, 255, 0, 169,
]);
/// Token-2022 (TokenzQd…): the non-transferable data-credit mint.
pub const TOKEN_2022_PROGRAM_ID: Address = Address::new_from_array([
    6, 221, 246, 225, 238, 117, 143, 222, 24, 66, 93, 188, 228, 108, 205, 218, 182, 26, 252, 77, 131,
    185, 13, 39, 254, 189, 249, 40, 216, 161, 139, 252,
]);

// The same ids on 8-byte boundaries, so comparing against them takes `key::eq`'s word path
// (`&SYSTEM_PROGRAM.0`).
pub const SYSTEM_PROGRAM: AlignedKey = AlignedKey(SYSTEM_PROGRAM_ID);
pub const TOKEN_PROGRAM: AlignedKey = AlignedKey(TOKEN_PROGRAM_ID);
pub const TOKEN_2022_PROGRAM: AlignedKey = AlignedKey(TOKEN_2022_PROGRAM_ID);
pub const NETWORK_PROGRAM: AlignedKey = AlignedKey(NETWORK_PROGRAM_ID);
pub const CREDITS_PROGRAM: AlignedKey = AlignedKey(CREDITS_PROGRAM_ID);
pub const REWARDS_PROGRAM: AlignedKey = AlignedKey(REWARDS_PROGRAM_ID);
