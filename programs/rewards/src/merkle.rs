//! Merkle proofs of cumulative rewards. Leaves and inner nodes are domain-separated so a node can
//! never be presented as a leaf (second preimage):
//!
//! - leaf = sha256(0x00 ‖ network ‖ operator ‖ cumulative_amount u64 LE)
//! - node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))  (pairs sorted, so proofs carry no direction bits)
//!
//! `sdk/src/rewards/merkle.ts` builds trees with exactly these rules.
use groundwork_common::{key};
use crate::hash::{hashv, hashv_into};

pub const LEAF_PREFIX: u8 = 0x00;
pub const NODE_PREFIX: u8 = 0x01;
/// Deepest proof accepted (2^32 leaves); a depth-24 proof still fits one transaction.
pub const MAX_PROOF_DEPTH: usize = 32;

#[inline(always)]
pub fn leaf(network: &[u8; 32], operator: &[u8; 32], cumulative_amount: u64) -> [u8; 32] {
    hashv(&[&[LEAF_PREFIX], network, operator, &cumulative_amount.to_le_bytes()])
}

#[inline(always)]
pub fn node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    hashv(&[&[NODE_PREFIX], lo, hi])
}

/// A hash on an 8-byte boundary (compared and copied as words, `key`), preceded by the node
/// prefix byte so that `0x01 ‖ hash` is one contiguous 33-byte slice: sol_sha256 charges each
/// slice at least 10 CU, so hashing `[0x01 ‖ lo, hi]` costs 10 CU less than `[0x01, lo, hi]`.
#[repr(C, align(8))]
struct Hash {
    _pad: [u8; 7],
    prefix: u8,
    bytes: [u8; 32],
}

impl Hash {
    #[inline(always)]
    fn new(bytes: [u8; 32]) -> Self {
        Hash { _pad: [0; 7], prefix: NODE_PREFIX, bytes }
    }

    /// `0x01 ‖ hash`.
    #[inline(always)]
    fn prefixed(&self) -> &[u8] {
        // SAFETY: `prefix` and `bytes` are adjacent in this repr(C) struct (offsets 7 and 8).
        unsafe { core::slice::from_raw_parts(&self.prefix as *const u8, 33) }
    }
}

/// `a <= b` in byte order (the node ordering). When both are 4-byte aligned (the proof sits at
/// offset 20 of the instruction data, which starts 8-byte aligned) this compares big-endian u32
/// words (`be32` + one compare per word, usually one word) instead of the generic byte loop.
#[inline(always)]
fn le(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    if (pa as usize | pb as usize) & 3 != 0 {
        return a <= b;
    }
    let (wa, wb) = (pa as *const u32, pb as *const u32);
    let mut i = 0;
    while i < 8 {
        // SAFETY: both hold 32 bytes and are 4-byte aligned (checked above).
        let (x, y) = unsafe { (*wa.add(i), *wb.add(i)) };
        if x != y {
            return u32::from_be(x) < u32::from_be(y);
        }
        i += 1;
    }
    true
}

/// Folds `proof` (concatenated 32-byte siblings, leaf to root) onto `leaf` and compares to `root`.
#[inline(always)]
pub fn verify(proof: &[u8], root: &[u8; 32], leaf: [u8; 32]) -> bool {
    fold(proof, root, &mut Hash::new(leaf))
}

/// `verify(proof, root, leaf(network, operator, cumulative_amount))`, with the leaf hashed in place.
#[inline(always)]
pub fn verify_leaf(proof: &[u8], root: &[u8; 32], network: &[u8; 32], operator: &[u8; 32], cumulative_amount: u64) -> bool {
    let mut acc = Hash::new([0; 32]);
    hashv_into(&[&[LEAF_PREFIX], network, operator, &cumulative_amount.to_le_bytes()], &mut acc.bytes);
    fold(proof, root, &mut acc)
}

/// Hashes alternate between two buffers (no copy per level).
#[inline(always)]
fn fold(proof: &[u8], root: &[u8; 32], first: &mut Hash) -> bool {
    if proof.len() % 32 != 0 {
        return false;
    }
    let mut second = Hash::new([0; 32]);
    let (mut acc, mut out) = (first, &mut second);
    for sibling in proof.chunks_exact(32) {
        // SAFETY: chunks_exact yields exactly 32 bytes.
        let sibling = unsafe { &*(sibling.as_ptr() as *const [u8; 32]) };
        if le(&acc.bytes, sibling) {
            hashv_into(&[acc.prefixed(), sibling], &mut out.bytes);
        } else {
            hashv_into(&[&[NODE_PREFIX], sibling, &acc.bytes], &mut out.bytes);
        }
        core::mem::swap(&mut acc, &mut out);
    }
    key::eq32(&acc.bytes, root)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    /// Reference tree as the SDK builds it: lone last node promoted unchanged to the next level.
    fn build(leaves: &[[u8; 32]]) -> Vec<Vec<[u8; 32]>> {
        let mut levels = std::vec![leaves.to_vec()];
        while levels.last().unwrap().len() > 1 {
            let prev = levels.last().unwrap();
            let next = prev.chunks(2).map(|c| if c.len() == 2 { node(&c[0], &c[1]) } else { c[0] }).collect();
            levels.push(next);
        }
        levels
    }

    fn proof(levels: &[Vec<[u8; 32]>], mut i: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for level in &levels[..levels.len() - 1] {
            let sib = i ^ 1;
            if sib < level.len() {
                out.extend_from_slice(&level[sib]);
            }
            i /= 2;
        }
        out
    }

    #[test]
    fn every_leaf_of_odd_trees_verifies() {
        let net = [7u8; 32];
        for n in [1usize, 2, 3, 5, 8, 13] {
            let leaves: Vec<[u8; 32]> = (0..n).map(|i| leaf(&net, &[i as u8; 32], 100 * i as u64)).collect();
            let levels = build(&leaves);
            let root = levels.last().unwrap()[0];
            for i in 0..n {
                assert!(verify(&proof(&levels, i), &root, leaves[i]), "n={n} i={i}");
                // Any other amount is a different leaf.
                assert!(!verify(&proof(&levels, i), &root, leaf(&net, &[i as u8; 32], 100 * i as u64 + 1)));
                assert!(verify_leaf(&proof(&levels, i), &root, &net, &[i as u8; 32], 100 * i as u64));
                assert!(!verify_leaf(&proof(&levels, i), &root, &net, &[i as u8; 32], 100 * i as u64 + 1));
            }
        }
    }

    #[test]
    fn domain_separation_rejects_inner_nodes_as_leaves() {
        let net = [1u8; 32];
        let leaves: Vec<[u8; 32]> = (0..4).map(|i| leaf(&net, &[i as u8; 32], i as u64)).collect();
        let levels = build(&leaves);
        let root = levels.last().unwrap()[0];
        // The level-1 node is not accepted as a leaf with the remaining proof.
        let inner = levels[1][0];
        assert!(verify(&levels[1][1], &root, inner)); // as a node it folds to the root…
        // …but no (operator, amount) hashes to it as a leaf, and a leaf with the node's bytes differs.
        assert_ne!(leaf(&net, &inner, 0), inner);
        assert!(!verify(&[0u8; 31], &root, leaves[0]));
    }

    fn hex(b: &[u8; 32]) -> std::string::String {
        b.iter().map(|x| std::format!("{x:02x}")).collect()
    }

    #[test]
    fn word_order_equals_byte_order() {
        #[repr(C, align(8))]
        struct A([u8; 32]);
        let mut cases = std::vec![([0u8; 32], [0u8; 32]), ([1; 32], [2; 32]), ([2; 32], [1; 32])];
        for i in 0..32 {
            for (x, y) in [(0x01u8, 0x80u8), (0x80, 0x01), (0xff, 0xfe)] {
                let (mut a, mut b) = ([9u8; 32], [9u8; 32]);
                a[i] = x;
                b[i] = y;
                if i + 1 < 32 {
                    b[i + 1] = 0; // later bytes must not matter
                }
                cases.push((a, b));
            }
        }
        for (a, b) in cases {
            assert_eq!(le(&A(a).0, &A(b).0), a <= b, "{a:?} {b:?}");
            assert_eq!(le(&A(b).0, &A(a).0), b <= a);
        }
    }

    #[test]
    fn matches_node_crypto_vectors() {
        // Computed independently with Node's crypto (the SDK's hash).
        assert_eq!(hex(&leaf(&[0; 32], &[0; 32], 0)), "9c56f48ae9bafd205262034bfcc2232b2c63348cb723d681ec39f13409f990cc");
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(hex(&node(&a, &b)), "b331da6ec49d4547d9942a6727e5123f69bed5a0b97ac171cfbfd6201431fcfa");
        assert_eq!(node(&a, &b), node(&b, &a));
    }
}
