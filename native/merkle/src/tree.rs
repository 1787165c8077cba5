//! The tree itself: pure functions over byte slices (unit-tested against the rewards program).
use sha2::compress256;
use sha2::digest::generic_array::GenericArray;

const IV: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
pub const LEAF_PREFIX: u8 = 0x00;
/// Bytes per leaf record handed in: operator (32) ‖ amount u64 LE (8).
pub const RECORD: usize = 40;

/// Second block of a 64-byte message: 0x80, zeros, bit length 512 big-endian.
const NODE_PAD: [u8; 64] = {
    let mut b = [0u8; 64];
    b[0] = 0x80;
    b[62] = 0x02; // 512 = 0x0200
    b
};

fn digest_into(state: &[u32; 8], out: &mut [u8]) {
    for (i, w) in state.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
    }
}

/// sha256(lo ‖ hi) into `out`.
#[inline(always)]
fn hash_pair(lo: &[u8], hi: &[u8], out: &mut [u8]) {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(lo);
    block[32..].copy_from_slice(hi);
    let mut state = IV;
    compress256(&mut state, &[*GenericArray::from_slice(&block), *GenericArray::from_slice(&NODE_PAD)]);
    digest_into(&state, out);
}

/// node = sha256(min(a, b) ‖ max(a, b)).
#[inline(always)]
pub fn node_into(a: &[u8], b: &[u8], out: &mut [u8]) {
    if a <= b { hash_pair(a, b, out) } else { hash_pair(b, a, out) }
}

/// Hashes per level for `n` leaves: n, ceil(n/2), …, 1.
pub fn level_sizes(n: usize) -> Vec<usize> {
    let mut sizes = vec![n];
    let mut c = n;
    while c > 1 {
        c = c.div_ceil(2);
        sizes.push(c);
    }
    sizes
}

/// 32-byte hashes the whole tree of `n` leaves holds.
pub fn tree_len(n: usize) -> usize {
    level_sizes(n).iter().sum()
}

/// Leaf hashes of `records` (n × RECORD bytes) into `out` (n × 32 bytes).
pub fn hash_leaves(network: &[u8; 32], records: &[u8], out: &mut [u8]) {
    // 73 bytes: block one is prefix ‖ network ‖ operator[0..31]; block two is operator[31] ‖
    // amount ‖ 0x80 ‖ zeros ‖ bit length 584 (0x0248).
    let mut first = [0u8; 64];
    first[0] = LEAF_PREFIX;
    first[1..33].copy_from_slice(network);
    let mut second = [0u8; 64];
    second[9] = 0x80;
    second[62] = 0x02;
    second[63] = 0x48;
    for (rec, dst) in records.chunks_exact(RECORD).zip(out.chunks_exact_mut(32)) {
        first[33..64].copy_from_slice(&rec[..31]);
        second[0] = rec[31];
        second[1..9].copy_from_slice(&rec[32..40]);
        let mut state = IV;
        compress256(&mut state, &[*GenericArray::from_slice(&first), *GenericArray::from_slice(&second)]);
        digest_into(&state, dst);
    }
}

/// Builds every level into `tree` (tree_len(n) × 32 bytes), leaves from `records`.
pub fn build(network: &[u8; 32], records: &[u8], n: usize, tree: &mut [u8]) {
    let sizes = level_sizes(n);
    hash_leaves(network, &records[..n * RECORD], &mut tree[..n * 32]);
    let mut start = 0;
    for w in sizes.windows(2) {
        let (count, next) = (w[0], start + w[0] * 32);
        let (done, rest) = tree.split_at_mut(next);
        let prev = &done[start..];
        for i in 0..count / 2 {
            let (a, b) = (&prev[i * 64..i * 64 + 32], &prev[i * 64 + 32..i * 64 + 64]);
            node_into(a, b, &mut rest[i * 32..i * 32 + 32]);
        }
        if count % 2 == 1 {
            rest[(count / 2) * 32..(count / 2) * 32 + 32].copy_from_slice(&prev[(count - 1) * 32..count * 32]);
        }
        start = next;
    }
}

/// Proofs of leaves `first .. first + count` of a built tree: leaf j's siblings (leaf to root)
/// go to `out[(j − first) × depth × 32 ..]`, their number to `lens[j − first]`.
pub fn proofs(tree: &[u8], n: usize, first: usize, count: usize, out: &mut [u8], lens: &mut [u8]) {
    let sizes = level_sizes(n);
    let depth = sizes.len() - 1;
    let mut offsets = Vec::with_capacity(sizes.len());
    let mut o = 0;
    for s in &sizes {
        offsets.push(o);
        o += s * 32;
    }
    for k in 0..count {
        let mut idx = first + k;
        let dst = &mut out[k * depth * 32..(k + 1) * depth * 32];
        let mut len = 0;
        for level in 0..depth {
            let sib = idx ^ 1;
            if sib < sizes[level] {
                let at = offsets[level] + sib * 32;
                dst[len * 32..len * 32 + 32].copy_from_slice(&tree[at..at + 32]);
                len += 1;
            }
            idx >>= 1;
        }
        lens[k] = len as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundwork_rewards::merkle;

    fn records(n: usize) -> Vec<u8> {
        let mut r = vec![0u8; n * RECORD];
        for i in 0..n {
            for j in 0..32 {
                r[i * RECORD + j] = (i * 31 + j * 7 + (i >> 3)) as u8;
            }
            r[i * RECORD + 32..i * RECORD + 40].copy_from_slice(&((i as u64) * 1_000_003 + 17).to_le_bytes());
        }
        r
    }

    #[test]
    fn leaves_and_nodes_equal_the_program() {
        let network = [9u8; 32];
        let recs = records(5);
        let mut out = vec![0u8; 5 * 32];
        hash_leaves(&network, &recs, &mut out);
        for i in 0..5 {
            let op: [u8; 32] = recs[i * RECORD..i * RECORD + 32].try_into().unwrap();
            let amount = u64::from_le_bytes(recs[i * RECORD + 32..i * RECORD + 40].try_into().unwrap());
            assert_eq!(&out[i * 32..i * 32 + 32], &merkle::leaf(&network, &op, amount));
        }
        let (a, b): ([u8; 32], [u8; 32]) = (out[..32].try_into().unwrap(), out[32..64].try_into().unwrap());
        let mut n1 = [0u8; 32];
        node_into(&a, &b, &mut n1);
        assert_eq!(n1, merkle::node(&a, &b));
        node_into(&b, &a, &mut n1);
        assert_eq!(n1, merkle::node(&a, &b));
    }

    #[test]
    fn every_proof_verifies_on_the_program_for_every_size_up_to_70() {
        let network = [3u8; 32];
        for n in 1..=70 {
            let recs = records(n);
            let mut tree = vec![0u8; tree_len(n) * 32];
            build(&network, &recs, n, &mut tree);
            let root: [u8; 32] = tree[tree.len() - 32..].try_into().unwrap();
            let depth = level_sizes(n).len() - 1;
            let mut out = vec![0u8; n * depth * 32];
            let mut lens = vec![0u8; n];
            proofs(&tree, n, 0, n, &mut out, &mut lens);
            for i in 0..n {
                let op: [u8; 32] = recs[i * RECORD..i * RECORD + 32].try_into().unwrap();
                let amount = u64::from_le_bytes(recs[i * RECORD + 32..i * RECORD + 40].try_into().unwrap());
                let proof = &out[i * depth * 32..i * depth * 32 + lens[i] as usize * 32];
                assert!(merkle::verify_leaf(proof, &root, &network, &op, amount), "n={n} leaf {i}");
                assert!(!merkle::verify_leaf(proof, &root, &network, &op, amount + 1), "n={n} leaf {i} wrong amount");
            }
            // A chunk of proofs equals the same proofs taken one by one.
            if n > 3 {
                let mut part = vec![0u8; 2 * depth * 32];
                let mut plens = [0u8; 2];
                proofs(&tree, n, 2, 2, &mut part, &mut plens);
                assert_eq!(&part[..], &out[2 * depth * 32..4 * depth * 32]);
                assert_eq!(&plens[..], &lens[2..4]);
            }
        }
    }
}
