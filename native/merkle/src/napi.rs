//! The Node.js binding, written against the stable N-API C ABI directly (the symbols resolve
//! against the running `node` when it loads the addon), so the crate needs no bindings crate
//! and no build script. Two functions, both over caller-allocated Buffers:
//!   build(network: Buffer(32), records: Buffer(n × 40), n: number, tree: Buffer(treeLen(n) × 32))
//!   proofs(tree: Buffer, n: number, first: number, count: number, out: Buffer(count × depth × 32), lens: Buffer(count))
//! Sizes are checked here and a mismatch throws a TypeError; nothing panics across the boundary.
use crate::tree;
use core::ffi::{c_char, c_void};
use core::ptr;

#[repr(C)]
pub struct Opaque {
    _p: [u8; 0],
}
type Env = *mut Opaque;
type Value = *mut Opaque;
type CallbackInfo = *mut Opaque;
type Status = i32;
type Callback = unsafe extern "C" fn(Env, CallbackInfo) -> Value;
const OK: Status = 0;

extern "C" {
    fn napi_create_function(env: Env, name: *const c_char, len: usize, cb: Callback, data: *mut c_void, result: *mut Value) -> Status;
    fn napi_set_named_property(env: Env, object: Value, name: *const c_char, value: Value) -> Status;
    fn napi_get_cb_info(env: Env, info: CallbackInfo, argc: *mut usize, argv: *mut Value, this: *mut Value, data: *mut *mut c_void) -> Status;
    fn napi_get_buffer_info(env: Env, value: Value, data: *mut *mut c_void, len: *mut usize) -> Status;
    fn napi_get_value_double(env: Env, value: Value, result: *mut f64) -> Status;
    fn napi_throw_type_error(env: Env, code: *const c_char, msg: *const c_char) -> Status;
}

struct Args<const N: usize> {
    env: Env,
    argv: [Value; N],
}

impl<const N: usize> Args<N> {
    unsafe fn read(env: Env, info: CallbackInfo) -> Result<Self, &'static [u8]> {
        let mut argc = N;
        let mut argv = [ptr::null_mut(); N];
        if napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut()) != OK || argc != N {
            return Err(b"wrong number of arguments\0");
        }
        Ok(Args { env, argv })
    }

    /// Argument `i` as a byte slice (a Buffer; its memory stays valid for the call).
    unsafe fn bytes(&self, i: usize) -> Result<&'static mut [u8], &'static [u8]> {
        let mut data: *mut c_void = ptr::null_mut();
        let mut len = 0usize;
        if napi_get_buffer_info(self.env, self.argv[i], &mut data, &mut len) != OK {
            return Err(b"expected a Buffer\0");
        }
        if len == 0 {
            return Ok(&mut []);
        }
        Ok(core::slice::from_raw_parts_mut(data as *mut u8, len))
    }

    /// Argument `i` as a non-negative integer below 2^32.
    unsafe fn index(&self, i: usize) -> Result<usize, &'static [u8]> {
        let mut v = 0f64;
        if napi_get_value_double(self.env, self.argv[i], &mut v) != OK || !(0.0..4_294_967_296.0).contains(&v) || v.fract() != 0.0 {
            return Err(b"expected an integer in [0, 2^32)\0");
        }
        Ok(v as usize)
    }
}

unsafe fn finish(env: Env, r: Result<(), &'static [u8]>) -> Value {
    if let Err(msg) = r {
        napi_throw_type_error(env, ptr::null(), msg.as_ptr() as *const c_char);
    }
    ptr::null_mut()
}

unsafe extern "C" fn build(env: Env, info: CallbackInfo) -> Value {
    let r = (|| {
        let a = Args::<4>::read(env, info)?;
        let network = a.bytes(0)?;
        let records = a.bytes(1)?;
        let n = a.index(2)?;
        let out = a.bytes(3)?;
        let network: &[u8; 32] = (&*network).try_into().map_err(|_| &b"network must be 32 bytes\0"[..])?;
        if n == 0 || records.len() != n * tree::RECORD || out.len() != tree::tree_len(n) * 32 {
            return Err(&b"records must be n x 40 bytes and tree treeLen(n) x 32 bytes, n >= 1\0"[..]);
        }
        tree::build(network, records, n, out);
        Ok(())
    })();
    finish(env, r)
}

unsafe extern "C" fn proofs(env: Env, info: CallbackInfo) -> Value {
    let r = (|| {
        let a = Args::<6>::read(env, info)?;
        let t = a.bytes(0)?;
        let n = a.index(1)?;
        let first = a.index(2)?;
        let count = a.index(3)?;
        let out = a.bytes(4)?;
        let lens = a.bytes(5)?;
        if n == 0 || t.len() != tree::tree_len(n) * 32 {
            return Err(&b"tree must be treeLen(n) x 32 bytes, n >= 1\0"[..]);
        }
        let depth = tree::level_sizes(n).len() - 1;
        if first > n || count > n - first || out.len() != count * depth * 32 || lens.len() != count {
            return Err(&b"proof range out of the tree or output buffers of the wrong size\0"[..]);
        }
        tree::proofs(t, n, first, count, out, lens);
        Ok(())
    })();
    finish(env, r)
}

unsafe fn export(env: Env, exports: Value, name: &[u8], cb: Callback) {
    let mut f: Value = ptr::null_mut();
    if napi_create_function(env, name.as_ptr() as *const c_char, name.len() - 1, cb, ptr::null_mut(), &mut f) == OK {
        napi_set_named_property(env, exports, name.as_ptr() as *const c_char, f);
    }
}

/// Node calls this when it loads the addon (N-API's module registration symbol).
///
/// # Safety
/// Called by Node with a live environment and exports object.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: Env, exports: Value) -> Value {
    export(env, exports, b"build\0", build);
    export(env, exports, b"proofs\0", proofs);
    exports
}
