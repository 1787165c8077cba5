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
    host_sha256(parts.iter().copied())
}

/// The host's sha256 of the concatenated `parts` (what `sol_sha256` computes on-chain).
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
fn host_sha256<'a>(parts: impl Iterator<Item = &'a [u8]>) -> [u8; 32] {
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

/// One input of `sol_sha256`, laid out as the `&[u8]` (pointer, length) pair the syscall reads.
/// Unlike a `[&[u8]; N]` rebuilt per call, a caller can set the lengths once and then only
/// rewrite the pointers (the merkle loop: two stores per level instead of four).
#[repr(C)]
pub struct Part {
    pub ptr: *const u8,
    pub len: u64,
}

/// sha256 of the bytes `parts` point to, written to `out`.
///
/// # Safety
/// Every part must point to `len` readable bytes, `out` to 32 writable bytes.
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[inline(always)]
pub unsafe fn hash_parts(parts: &[Part], out: *mut u8) {
    // SAFETY: `Part` has the layout of the slices sol_sha256 reads; the rest is the caller's contract.
    unsafe { groundwork_common::pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, parts.len() as u64, out) };
}

/// # Safety
/// As on-chain.
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub unsafe fn hash_parts(parts: &[Part], out: *mut u8) {
    // SAFETY: the caller's contract.
    let digest = host_sha256(parts.iter().map(|p| unsafe { core::slice::from_raw_parts(p.ptr, p.len as usize) }));
    // SAFETY: the caller's contract.
    unsafe { core::ptr::copy_nonoverlapping(digest.as_ptr(), out, 32) };
}
