//! The engine's fixed hashes: stable across machines, runs and versions, because cookie
//! tokens, backend keys and hash-ring positions must never change under a user. The lowest
//! layer, so the compiler (an ingress-nginx canary's cookie rules) and the backends (rings,
//! sticky tokens) name the same keys.

/// A stable 64-bit hash: FNV-1a over the bytes, finished with MurmurHash3's `fmix64` so that
/// nearby inputs (`10.0.0.1`, `10.0.0.2`) land far apart.
///
/// Hand-written on purpose: std's `DefaultHasher` and foldhash promise nothing across Rust or
/// crate versions, while cookie tokens and ring positions must never change under a user.
pub fn hash64(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix64(h)
}

/// MurmurHash3's 64-bit finalizer.
pub fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// An endpoint's opaque cookie token: 32 hex digits of a fixed hash of salt and address.
pub fn endpoint_token(salt: &str, address: &str) -> String {
    let mut bytes = Vec::with_capacity(salt.len() + address.len());
    bytes.extend_from_slice(salt.as_bytes());
    bytes.extend_from_slice(address.as_bytes());
    format!("{:016x}{:016x}", hash64(1, &bytes), hash64(2, &bytes))
}

/// ingress-nginx's backend key: opaque, derived from the upstream name (ingress-nginx uses
/// MD5; alb uses its own fixed hash, with the same length).
pub fn backend_key(upstream: &str) -> String {
    endpoint_token("backend:", upstream)
}
