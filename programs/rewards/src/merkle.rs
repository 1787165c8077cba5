//! Merkle proofs of cumulative rewards.
//!
//! - leaf = sha256(0x00 ‖ network ‖ operator ‖ cumulative_amount u64 LE)   (73 bytes hashed)
//! - node = sha256(min(a, b) ‖ max(a, b))   (64 bytes; pairs sorted, so proofs carry no direction bits)
//!
//! Leaves and nodes are domain-separated by what is hashed: a leaf preimage is 73 bytes starting
//! with 0x00, a node preimage is 64 bytes, so no message is both, and an inner node can never be
//! presented as a leaf (second preimage) nor a leaf as a node. Nodes carry no prefix byte of their
//! own because it would cost on every level of every claim: sol_sha256 charges each input slice at
//! least 10 CU, and a prefix is a third slice whenever the proof's sibling sorts first.
//!
//! `sdk/src/rewards/merkle.ts` builds trees with exactly these rules.
use groundwork_common::key;
use crate::hash::{hash_parts, hashv, hashv_into, Part};

pub const LEAF_PREFIX: u8 = 0x00;
/// Deepest proof accepted (2^32 leaves); a depth-24 proof still fits one transaction.
pub const MAX_PROOF_DEPTH: usize = 32;

#[inline(always)]
pub fn leaf(network: &[u8; 32], operator: &[u8; 32], cumulative_amount: u64) -> [u8; 32] {
    hashv(&[&[LEAF_PREFIX], network, operator, &cumulative_amount.to_le_bytes()])
}

#[inline(always)]
pub fn node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    hashv(&[lo, hi])
}

/// A hash on an 8-byte boundary (compared as words, `key`).
#[repr(C, align(8))]
struct Hash([u8; 32]);

/// `a <= b` in byte order (the node ordering), comparing big-endian u32 words: `a` is a `Hash`,
/// `b` a sibling in the instruction data, 4-byte aligned when the caller chose this (the proof
/// sits at offset 20 of the data, which starts 8-byte aligned). Usually the first word decides.
///
/// # Safety
/// `a` and `b` must both be 4-byte aligned.
#[inline(always)]
unsafe fn le_words(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let (wa, wb) = (a.as_ptr() as *const u32, b.as_ptr() as *const u32);
    let mut i = 0;
    while i < 8 {
        // SAFETY: both hold 32 bytes and are 4-byte aligned (the caller's contract).
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
    fold(proof, root, &mut Hash(leaf))
}

/// `verify(proof, root, leaf(network, operator, cumulative_amount))`, with the leaf hashed in place.
#[inline(always)]
pub fn verify_leaf(proof: &[u8], root: &[u8; 32], network: &[u8; 32], operator: &[u8; 32], cumulative_amount: u64) -> bool {
    let mut acc = Hash([0; 32]);
    hashv_into(&[&[LEAF_PREFIX], network, operator, &cumulative_amount.to_le_bytes()], &mut acc.0);
    fold(proof, root, &mut acc)
}

fn fold(proof: &[u8], root: &[u8; 32], first: &mut Hash) -> bool {
    if proof.len() % 32 != 0 {
        return false;
    }
    if (proof.as_ptr() as usize) & 3 == 0 {
        // SAFETY: siblings are 4-byte aligned (checked) and so are `Hash`es.
        fold_with(proof, root, first, |a, b| unsafe { le_words(a, b) })
    } else {
        fold_with(proof, root, first, |a, b| a <= b)
    }
}

/// The per-level loop, the whole cost of a claim beyond its fixed part (~20 instructions a level
/// besides the sha256). The two input lengths are set once, so a level stores only the two
/// pointers in sorted order; levels go two at a time, `a` into `b` then `b` into `a`, so the
/// buffers are fixed stack slots that never swap.
#[inline(always)]
fn fold_with(proof: &[u8], root: &[u8; 32], first: &mut Hash, le: impl Fn(&[u8; 32], &[u8; 32]) -> bool) -> bool {
    let mut spare = core::mem::MaybeUninit::<Hash>::uninit();
    let (a, b) = (first as *mut Hash, spare.as_mut_ptr());
    let mut parts = [Part { ptr: core::ptr::null(), len: 32 }, Part { ptr: core::ptr::null(), len: 32 }];
    let (mut sibling, end) = (proof.as_ptr(), proof.as_ptr_range().end);
    // SAFETY: `sibling` walks `proof` in 32-byte steps (its length is a multiple of 32, checked by
    // `fold`); `a` is a live Hash and `b` is written by the first level before it is read.
    unsafe {
        while end.offset_from(sibling) >= 64 {
            level(&mut parts, a, sibling, b, &le);
            level(&mut parts, b, sibling.add(32), a, &le);
            sibling = sibling.add(64);
        }
        let last = if sibling != end {
            level(&mut parts, a, sibling, b, &le);
            b
        } else {
            a
        };
        key::eq32(&(*last).0, root)
    }
}

/// `out = node(acc, sibling)`.
///
/// # Safety
/// `acc` and `out` are distinct live Hashes (`out` may be uninitialised), `sibling` 32 readable bytes.
#[inline(always)]
unsafe fn level(parts: &mut [Part; 2], acc: *const Hash, sibling: *const u8, out: *mut Hash, le: &impl Fn(&[u8; 32], &[u8; 32]) -> bool) {
    // SAFETY: the caller's contract.
    unsafe {
        let (acc, sibling) = (&(*acc).0, &*(sibling as *const [u8; 32]));
        let (lo, hi) = if le(acc, sibling) { (acc.as_ptr(), sibling.as_ptr()) } else { (sibling.as_ptr(), acc.as_ptr()) };
        parts[0].ptr = lo;
        parts[1].ptr = hi;
        hash_parts(parts, out as *mut u8);
    }
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

    #[test]
    fn proofs_verify_at_any_alignment() {
        // The word path (4-byte aligned proof, as in instruction data) and the byte path agree.
        #[repr(C, align(8))]
        struct Buf([u8; 32 * 8 + 8]);
        let net = [3u8; 32];
        let leaves: Vec<[u8; 32]> = (0..200).map(|i| leaf(&net, &[i as u8; 32], i as u64)).collect();
        let levels = build(&leaves);
        let root = levels.last().unwrap()[0];
        for i in [0usize, 1, 77, 198, 199] {
            let p = proof(&levels, i);
            for offset in 0..8 {
                let mut buf = Buf([0; 32 * 8 + 8]);
                buf.0[offset..offset + p.len()].copy_from_slice(&p);
                let at = &buf.0[offset..offset + p.len()];
                assert!(verify(at, &root, leaves[i]), "i={i} offset={offset}");
                assert!(!verify(at, &root, leaves[(i + 1) % 200]), "i={i} offset={offset}");
            }
        }
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
            // SAFETY: `A` is 8-byte aligned.
            unsafe {
                assert_eq!(le_words(&A(a).0, &A(b).0), a <= b, "{a:?} {b:?}");
                assert_eq!(le_words(&A(b).0, &A(a).0), b <= a);
            }
        }
    }

    #[test]
    fn matches_node_crypto_vectors() {
        // Computed independently with Node's crypto (the SDK's hash).
        assert_eq!(hex(&leaf(&[0; 32], &[0; 32], 0)), "9c56f48ae9bafd205262034bfcc2232b2c63348cb723d681ec39f13409f990cc");
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(hex(&node(&a, &b)), "f818afd37a6dc3bc92fb44731011277006db4efa6e9023cd7468c02335d22a4d");
        assert_eq!(node(&a, &b), node(&b, &a));
    }
}
