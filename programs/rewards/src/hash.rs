//! sha256 over several byte slices: the `sol_sha256` syscall on-chain (85 CU + 1 CU per 2 bytes),
//! a const-capable software sha256 on the host so the pure modules are unit-tested with the same
//! results the program computes.

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[inline(always)]
pub fn hashv(parts: &[&[u8]]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: `parts` is an array of (ptr, len) slices, the layout sol_sha256 reads; `out` has 32 bytes.
    unsafe {
        groundwork_common::pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, parts.len() as u64, out.as_mut_ptr());
    }
    out
}

#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub fn hashv(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = sha2_const_stable::Sha256::new();
    for p in parts {
        h = h.update(p);
    }
    h.finalize()
}

/// sha256 of `parts` written into `out` (on-chain: no 32-byte copy of a returned array, which
/// upstream BPF does byte by byte).
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[inline(always)]
pub fn hashv_into(parts: &[&[u8]], out: &mut [u8; 32]) {
    // SAFETY: as in `hashv`.
    unsafe {
        groundwork_common::pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, parts.len() as u64, out.as_mut_ptr());
    }
}

#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub fn hashv_into(parts: &[&[u8]], out: &mut [u8; 32]) {
    *out = hashv(parts);
}
