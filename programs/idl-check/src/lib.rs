//! Verifies a program against its hand-written Anchor IDL, so neither can drift from the other:
//! instruction names and discriminators, account discriminators and byte layouts (every field's
//! offset and size, and the total), event discriminators, error codes, names and messages, and the
//! PDA seeds of every instruction account against the program's `state::seeds::PDAS`.
use groundwork_common::pda::{Pda, Seed};
pub use serde_json;
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
            if def["type"]["kind"] == "enum" {
                // A Borsh enum of unit variants is its one-byte variant index: the layout of a u8.
                let variants = def["type"]["variants"].as_array().unwrap_or_else(|| panic!("{name}: enum without variants"));
                assert!(variants.iter().all(|v| v.get("fields").is_none()), "{name}: only unit variants have a fixed size");
                assert!(!variants.is_empty() && variants.len() <= 256, "{name}: a one-byte enum has 1 to 256 variants");
                return 1;
            }
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

/// A program's id and its PDAs (`state::seeds::PDAS`), for [`Idl::check_pdas`].
pub struct ProgramPdas<'a> {
    pub id: [u8; 32],
    pub pdas: &'a [Pda],
}

impl Idl {
    /// The IDL of a test's own making (a mutated copy, to show a check fails).
    pub fn from_value(v: Value) -> Idl {
        Idl(v)
    }

    pub fn json(&self) -> &Value {
        &self.0
    }

    /// Every `pda` of every instruction account is one of the program's PDAs (or, with
    /// `pda.program`, one of another program's in `others`) with the same seeds in the same order:
    /// each constant equal to the seed constant, each variable seed of the right kind and size
    /// (an account's address or a pubkey argument or field for a key, a u64 argument or field for a
    /// u64, a 32-byte argument or field for raw bytes). A seed path names an account or argument of
    /// the instruction; a field seed (`config.network`) names an account type of the IDL and one of
    /// its fields, of another account than the one being derived. `relations` name accounts of the
    /// instruction, and the related account's name is a pubkey field of some account type.
    /// The IDL's `address` is `own.id`.
    pub fn check_pdas(&self, own: &ProgramPdas, others: &[ProgramPdas]) {
        let address = self.0["address"].as_str().expect("IDL address");
        assert_eq!(base58_decode(address).as_slice(), own.id.as_slice(), "IDL address vs the program id in ids.rs");
        for ix in self.list("instructions") {
            let ix_name = ix["name"].as_str().unwrap();
            let accounts = ix["accounts"].as_array().expect("accounts");
            for account in accounts {
                let name = account["name"].as_str().unwrap();
                let at = format!("{ix_name}.{name}");
                if let Some(relations) = account.get("relations") {
                    for r in relations.as_array().expect("relations") {
                        let r = r.as_str().unwrap();
                        assert!(r != name && accounts.iter().any(|a| a["name"] == r), "{at}: relation {r} is not another account of the instruction");
                    }
                    assert!(
                        self.list("accounts").iter().any(|a| self.field_type(a["name"].as_str().unwrap(), name) == Some(Value::from("pubkey"))),
                        "{at}: relations need a pubkey field named {name} in an account type"
                    );
                }
                let Some(pda) = account.get("pda") else { continue };
                let program = match pda.get("program") {
                    None => own,
                    Some(p) => {
                        assert_eq!(p["kind"], "const", "{at}: pda.program must be a constant program id");
                        let id = bytes_of(&p["value"]);
                        others.iter().chain([own]).find(|o| o.id.as_slice() == id.as_slice()).unwrap_or_else(|| panic!("{at}: pda.program is no known program"))
                    }
                };
                let seeds = pda["seeds"].as_array().unwrap_or_else(|| panic!("{at}: pda without seeds"));
                assert_eq!(seeds.first().map(|s| &s["kind"]), Some(&Value::from("const")), "{at}: the first seed is the constant naming the PDA");
                let first = bytes_of(&seeds[0]["value"]);
                let kind = program
                    .pdas
                    .iter()
                    .find(|p| matches!(p.seeds.first(), Some(Seed::Const(c)) if *c == first.as_slice()))
                    .unwrap_or_else(|| panic!("{at}: no PDA of the program starts with the seed {:?}", String::from_utf8_lossy(&first)));
                assert_eq!(seeds.len(), kind.seeds.len(), "{at}: seed count of a {} PDA", kind.name);
                for (i, (idl_seed, code_seed)) in seeds.iter().zip(kind.seeds).enumerate() {
                    let where_ = format!("{at}: seed {i} of a {} PDA", kind.name);
                    match code_seed {
                        Seed::Const(c) => {
                            assert_eq!(idl_seed["kind"], "const", "{where_}: expected a constant");
                            assert_eq!(bytes_of(&idl_seed["value"]).as_slice(), *c, "{where_}: constant differs from the program's");
                        }
                        Seed::Key(role) => self.check_variable_seed(ix, name, idl_seed, &Value::from("pubkey"), &format!("{where_} ({role}, a key)")),
                        Seed::U64(role) => self.check_variable_seed(ix, name, idl_seed, &Value::from("u64"), &format!("{where_} ({role}, a u64)")),
                        Seed::Bytes32(role) => {
                            self.check_variable_seed(ix, name, idl_seed, &serde_json::json!({"array": ["u8", 32]}), &format!("{where_} ({role}, 32 bytes)"))
                        }
                    }
                }
            }
        }
    }

    fn check_variable_seed(&self, ix: &Value, derived: &str, seed: &Value, want: &Value, at: &str) {
        let path = seed["path"].as_str().unwrap_or_else(|| panic!("{at}: no path"));
        let has_account = |n: &str| ix["accounts"].as_array().unwrap().iter().any(|a| a["name"] == n);
        let got = match seed["kind"].as_str() {
            Some("arg") => {
                let arg = ix["args"].as_array().unwrap().iter().find(|a| a["name"] == path).unwrap_or_else(|| panic!("{at}: no argument {path}"));
                arg["type"].clone()
            }
            Some("account") => match path.split_once('.') {
                None => {
                    assert!(has_account(path), "{at}: no account {path}");
                    assert_ne!(path, derived, "{at}: an address cannot be its own seed");
                    Value::from("pubkey")
                }
                Some((base, field)) => {
                    assert!(has_account(base), "{at}: no account {base}");
                    assert_ne!(base, derived, "{at}: a field of the account being derived cannot be its seed");
                    let ty = seed["account"].as_str().unwrap_or_else(|| panic!("{at}: a field seed needs `account` (its type)"));
                    assert!(self.list("accounts").iter().any(|a| a["name"] == ty), "{at}: {ty} is not an account type of this IDL");
                    self.field_type(ty, field).unwrap_or_else(|| panic!("{at}: {ty} has no field {field}"))
                }
            },
            other => panic!("{at}: unexpected seed kind {other:?}"),
        };
        assert_eq!(&got, want, "{at}: seed type");
    }

    fn field_type(&self, type_name: &str, field: &str) -> Option<Value> {
        let ty = self.list("types").iter().find(|t| t["name"] == type_name)?;
        ty["type"]["fields"].as_array()?.iter().find(|f| f["name"] == field).map(|f| f["type"].clone())
    }
}

fn bytes_of(v: &Value) -> Vec<u8> {
    v.as_array().expect("byte array").iter().map(|b| u8::try_from(b.as_u64().expect("byte")).expect("byte")).collect()
}

/// Base58 (Bitcoin alphabet) to bytes, for the IDL's `address`.
pub fn base58_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut out: Vec<u8> = Vec::new(); // little-endian base-256 digits
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|&a| a == c).unwrap_or_else(|| panic!("{s}: not base58")) as u32;
        for d in out.iter_mut() {
            carry += (*d as u32) * 58;
            *d = carry as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.push(carry as u8);
            carry >>= 8;
        }
    }
    out.extend(s.bytes().take_while(|&c| c == b'1').map(|_| 0));
    out.reverse();
    out
}

impl Idl {
    /// The IDL's `constants` are exactly these (name, type, value), e.g. the pause flag bits.
    pub fn check_constants(&self, code: &[(&str, &str, u64)]) {
        let idl: Vec<(String, String, u64)> = self
            .list("constants")
            .iter()
            .map(|c| {
                let value = c["value"].as_str().expect("constant value is a string").parse().expect("integer constant");
                (c["name"].as_str().unwrap().to_string(), c["type"].as_str().expect("primitive type").to_string(), value)
            })
            .collect();
        let ours: Vec<(String, String, u64)> = code.iter().map(|(n, t, v)| (n.to_string(), t.to_string(), *v)).collect();
        assert_eq!(ours, idl, "constants differ between code and IDL");
    }
}

impl Idl {
    /// `name` is an enum of unit variants whose variant `i` is the program's constant `i`:
    /// `variants` lists (IDL variant name, the program's constant) in the program's order, so a
    /// renamed, reordered, added or dropped variant, or a constant that is not its variant's
    /// index, fails. And every instruction argument and every struct field named in `fields` is
    /// typed as this enum (`"field"` names it in every instruction and type, `"owner.field"` in
    /// that instruction or type only), each name used at least once; except in an account type,
    /// where it is a `u8` whose docs name the enum: accounts are zero-copy (`bytemuck`), and an
    /// enum is not `Pod`, so Anchor's `declare_program!` could not generate the account struct.
    pub fn check_enum(&self, name: &str, variants: &[(&str, u8)], fields: &[&str]) {
        let ty = self.list("types").iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("IDL lacks type {name}"));
        assert_eq!(ty["type"]["kind"], "enum", "{name} is not an enum");
        let idl: Vec<(String, u8)> = ty["type"]["variants"]
            .as_array()
            .expect("variants")
            .iter()
            .enumerate()
            .map(|(i, v)| {
                assert!(v.get("fields").is_none(), "{name}::{}: a variant with fields", v["name"]);
                (v["name"].as_str().unwrap().to_string(), u8::try_from(i).expect("at most 256 variants"))
            })
            .collect();
        let ours: Vec<(String, u8)> = variants.iter().map(|(n, v)| (n.to_string(), *v)).collect();
        assert_eq!(idl, ours, "{name}: (variant, discriminant) differ between IDL and code");
        let want = serde_json::json!({ "defined": { "name": name } });
        let mut used = vec![0usize; fields.len()];
        let accounts: Vec<&str> = self.list("accounts").iter().map(|a| a["name"].as_str().unwrap()).collect();
        let mut visit = |owner: &str, list: &Value| {
            for f in list.as_array().into_iter().flatten() {
                let named = |n: &&str| match n.split_once('.') {
                    Some((o, field)) => o == owner && f["name"] == field,
                    None => f["name"] == *n,
                };
                if let Some(i) = fields.iter().position(named) {
                    if accounts.contains(&owner) {
                        assert_eq!(f["type"], "u8", "{owner}.{}: an account field holds the enum {name} as a u8", fields[i]);
                        let docs = f["docs"].as_array().map(|d| d.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" ")).unwrap_or_default();
                        assert!(docs.contains(&format!("`{name}`")), "{owner}.{}: its docs must name the enum `{name}`", fields[i]);
                    } else {
                        assert_eq!(f["type"], want, "{owner}.{}: must be the enum {name}", fields[i]);
                    }
                    used[i] += 1;
                }
            }
        };
        for ix in self.list("instructions") {
            visit(ix["name"].as_str().unwrap(), &ix["args"]);
        }
        for t in self.list("types") {
            visit(t["name"].as_str().unwrap(), &t["type"]["fields"]);
        }
        for (field, n) in fields.iter().zip(used) {
            assert!(n > 0, "{name}: no argument or field named {field}");
        }
    }
}
