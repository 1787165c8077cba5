//! Merkle proofs of cumulative rewards. Leaves and inner nodes are domain-separated so a node can
//! never be presented as a leaf (second preimage):
//!
//! - leaf = sha256(0x00 ‖ network ‖ operator ‖ cumulative_amount u64 LE)
//! - node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))  (pairs sorted, so proofs carry no direction bits)
//!
//! `sdk/src/rewards/merkle.ts` builds trees with exactly these rules.
use crate::hash::hashv;

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

/// Folds `proof` (concatenated 32-byte siblings, leaf to root) onto `leaf` and compares to `root`.
#[inline(always)]
pub fn verify(proof: &[u8], root: &[u8; 32], leaf: [u8; 32]) -> bool {
    if proof.len() % 32 != 0 {
        return false;
    }
    let mut acc = leaf;
    for sibling in proof.chunks_exact(32) {
        // SAFETY: chunks_exact yields exactly 32 bytes.
        let sibling = unsafe { &*(sibling.as_ptr() as *const [u8; 32]) };
        acc = node(&acc, sibling);
    }
    &acc == root
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
    fn matches_node_crypto_vectors() {
        // Computed independently with Node's crypto (the SDK's hash).
        assert_eq!(hex(&leaf(&[0; 32], &[0; 32], 0)), "9c56f48ae9bafd205262034bfcc2232b2c63348cb723d681ec39f13409f990cc");
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(hex(&node(&a, &b)), "b331da6ec49d4547d9942a6727e5123f69bed5a0b97ac171cfbfd6201431fcfa");
        assert_eq!(node(&a, &b), node(&b, &a));
    }
}
