//! Verifies a program against its hand-written Anchor IDL, so neither can drift from the other:
//! instruction names and discriminators, account discriminators and byte layouts (every field's
//! offset and size, and the total), event discriminators, and error codes, names and messages.
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

pub struct Idl(Value);

pub fn anchor_discriminator(namespace: &str, name: &str) -> [u8; 8] {
    let digest = Sha256::digest(format!("{namespace}:{name}").as_bytes());
    digest[..8].try_into().unwrap()
}

fn disc_of(v: &Value) -> Vec<u8> {
    v["discriminator"].as_array().expect("discriminator").iter().map(|b| b.as_u64().unwrap() as u8).collect()
}

impl Idl {
    /// Loads `idl/<file>` from the repository root.
    pub fn load(file: &str) -> Idl {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../idl").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Idl(serde_json::from_str(&text).expect("IDL is JSON"))
    }

    fn list(&self, key: &str) -> &Vec<Value> {
        self.0[key].as_array().unwrap_or_else(|| panic!("IDL has no {key}"))
    }

    /// The program's dispatch table equals the IDL's instructions, in order.
    pub fn check_instructions(&self, code: &[(&str, [u8; 8])]) {
        let idl: Vec<(String, Vec<u8>)> =
            self.list("instructions").iter().map(|i| (i["name"].as_str().unwrap().to_string(), disc_of(i))).collect();
        let ours: Vec<(String, Vec<u8>)> = code.iter().map(|(n, d)| (n.to_string(), d.to_vec())).collect();
        assert_eq!(ours, idl, "instructions (name, discriminator) differ between code and IDL");
        for (name, disc) in &idl {
            assert_eq!(disc.as_slice(), anchor_discriminator("global", name), "IDL discriminator of {name}");
        }
    }

    /// An account type: its discriminator, and each field's offset and size, equal the IDL's.
    /// `fields` is (name, offset, size) for every field, from `core::mem::offset_of!`.
    pub fn check_account(&self, name: &str, discriminator: [u8; 8], size: usize, fields: &[(&str, usize, usize)]) {
        let account = self.list("accounts").iter().find(|a| a["name"] == name).unwrap_or_else(|| panic!("IDL lacks account {name}"));
        assert_eq!(disc_of(account), discriminator.to_vec(), "account discriminator of {name}");
        assert_eq!(discriminator, anchor_discriminator("account", name), "{name} discriminator is not Anchor's");
        self.check_struct(name, size, fields);
    }

    /// A struct in `types` (account or event) has exactly these fields at these offsets.
    pub fn check_struct(&self, name: &str, size: usize, fields: &[(&str, usize, usize)]) {
        let ty = self.list("types").iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("IDL lacks type {name}"));
        let idl_fields = ty["type"]["fields"].as_array().expect("struct fields");
        assert_eq!(idl_fields.len(), fields.len(), "{name}: field count");
        let mut offset = 0;
        for (idl_field, (field, code_offset, code_size)) in idl_fields.iter().zip(fields) {
            let idl_name = idl_field["name"].as_str().unwrap();
            assert_eq!(idl_name, *field, "{name}: field order");
            let idl_size = self.type_size(&idl_field["type"]);
            assert_eq!((offset, idl_size), (*code_offset, *code_size), "{name}.{field}: (offset, size) IDL vs code");
            offset += idl_size;
        }
        assert_eq!(offset, size, "{name}: IDL size vs size_of");
    }

    /// Event discriminators equal the IDL's and Anchor's.
    pub fn check_events(&self, code: &[(&str, [u8; 8])]) {
        let idl = self.list("events");
        assert_eq!(idl.len(), code.len(), "event count");
        for (name, disc) in code {
            let e = idl.iter().find(|e| e["name"] == *name).unwrap_or_else(|| panic!("IDL lacks event {name}"));
            assert_eq!(disc_of(e), disc.to_vec(), "event discriminator of {name}");
            assert_eq!(*disc, anchor_discriminator("event", name));
        }
    }

    /// The program's error enum equals the IDL's `errors`.
    pub fn check_errors(&self, code: &[(u32, &str, &str)]) {
        let idl: Vec<(u32, String, String)> = self
            .list("errors")
            .iter()
            .map(|e| (e["code"].as_u64().unwrap() as u32, e["name"].as_str().unwrap().to_string(), e["msg"].as_str().unwrap().to_string()))
            .collect();
        let ours: Vec<(u32, String, String)> = code.iter().map(|(c, n, m)| (*c, n.to_string(), m.to_string())).collect();
        assert_eq!(ours, idl, "errors differ between code and IDL");
    }
}

impl Idl {
    /// Borsh size of a fixed-size IDL type; a `defined` struct is the sum of its fields (so the
    /// struct itself must be checked with `check_struct` too).
    pub fn type_size(&self, ty: &Value) -> usize {
        if let Some(name) = ty.get("defined").map(|d| d["name"].as_str().expect("defined name")) {
            let def = self.list("types").iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("IDL lacks type {name}"));
            let fields = def["type"]["fields"].as_array().unwrap_or_else(|| panic!("{name} is not a struct"));
            return fields.iter().map(|f| self.type_size(&f["type"])).sum();
        }
        if let Some(arr) = ty.get("array").and_then(Value::as_array) {
            return self.type_size(&arr[0]) * arr[1].as_u64().unwrap() as usize;
        }
        type_size(ty)
    }
}

/// Borsh size of a fixed-size IDL type (primitives and arrays of them).
pub fn type_size(ty: &Value) -> usize {
    match ty {
        Value::String(s) => match s.as_str() {
            "u8" | "i8" | "bool" => 1,
            "u16" | "i16" => 2,
            "u32" | "i32" => 4,
            "u64" | "i64" => 8,
            "u128" | "i128" => 16,
            "pubkey" => 32,
            other => panic!("{other} has no fixed size"),
        },
        Value::Object(o) if o.contains_key("array") => {
            let arr = o["array"].as_array().unwrap();
            type_size(&arr[0]) * arr[1].as_u64().unwrap() as usize
        }
        other => panic!("{other} has no fixed size"),
    }
}

/// `(name, offset, size)` of each listed field of `$t`.
#[macro_export]
macro_rules! fields {
    ($t:ty; $($f:ident),+ $(,)?) => {{
        fn size_of_field<T, F>(_: fn(&T) -> &F) -> usize { core::mem::size_of::<F>() }
        vec![$((stringify!($f), core::mem::offset_of!($t, $f), size_of_field(|s: &$t| &s.$f)),)+]
    }};
}
