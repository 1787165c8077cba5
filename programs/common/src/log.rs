//! Logging without an allocator: messages are assembled in a stack buffer.

/// Logs `msg`.
#[inline(always)]
pub fn log(msg: &str) {
    // SAFETY: pointer and length come from a valid &str.
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    unsafe {
        pinocchio::syscalls::sol_log_(msg.as_ptr(), msg.len() as u64)
    };
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = msg;
}

struct Buffer {
    bytes: [u8; 256],
    len: usize,
}

impl Buffer {
    fn push(&mut self, s: &[u8]) {
        let room = self.bytes.len() - self.len;
        let n = if s.len() < room { s.len() } else { room };
        self.bytes[self.len..self.len + n].copy_from_slice(&s[..n]);
        self.len += n;
    }

    fn push_u32(&mut self, mut value: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.push(&digits[i..]);
    }
}

/// What an Anchor program logs when an instruction fails.
pub struct ErrorLine<'a> {
    /// The account's role, for a failed account check (`AnchorError caused by account: …`).
    pub account: Option<&'a str>,
    pub name: &'a str,
    pub code: u32,
    pub message: &'a str,
}

/// `AnchorError occurred. Error Code: <name>. Error Number: <code>. Error Message: <message>.`, or
/// `AnchorError caused by account: <role>. Error Code: …` for a failed account check.
///
/// Takes one reference: upstream BPF passes at most five arguments in registers.
#[cold]
#[inline(never)]
pub fn anchor_error(line: &ErrorLine) {
    let mut buf = Buffer { bytes: [0; 256], len: 0 };
    match line.account {
        Some(role) => {
            buf.push(b"AnchorError caused by account: ");
            buf.push(role.as_bytes());
            buf.push(b". Error Code: ");
        }
        None => buf.push(b"AnchorError occurred. Error Code: "),
    }
    buf.push(line.name.as_bytes());
    buf.push(b". Error Number: ");
    buf.push_u32(line.code);
    buf.push(b". Error Message: ");
    buf.push(line.message.as_bytes());
    buf.push(b".");
    // SAFETY: only UTF-8 pieces were pushed; our names and messages are ASCII, so a cut at the
    // 256-byte end cannot split a character.
    log(unsafe { core::str::from_utf8_unchecked(&buf.bytes[..buf.len]) });
}
