//! Copies of large read-only tables placed on transparent huge pages.
//!
//! Weight lookups hit random cache lines all over tables of several to tens of
//! megabytes; with 4 KiB pages almost every lookup also misses the TLB (and
//! inside a virtual machine a page walk is two-dimensional and slow). Backing
//! the tables with 2 MiB pages removes most of those walks. The contents are
//! unchanged: this only affects where the bytes live.

/// Size of a transparent huge page on x86-64 and most aarch64 kernels.
const HUGE: usize = 2 << 20;

/// Tables smaller than this stay where they are (a few pages cover them anyway).
const MIN_BYTES: usize = 1 << 20;

#[cfg(target_os = "linux")]
extern "C" {
    fn madvise(addr: *mut core::ffi::c_void, len: usize, advice: i32) -> i32;
}

/// `MADV_HUGEPAGE` from `<sys/mman.h>` (Linux).
#[cfg(target_os = "linux")]
const MADV_HUGEPAGE: i32 = 14;

/// Asks the kernel to back the whole 2 MiB pages inside `[p, p + len)` with huge pages.
fn advise(p: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    {
        let start = (p as usize).div_ceil(HUGE) * HUGE;
        let end = (p as usize + len) / HUGE * HUGE;
        if end > start {
            // SAFETY: the range lies inside an allocation we own; madvise with
            // MADV_HUGEPAGE changes no contents and failure is harmless.
            unsafe {
                madvise(start as *mut core::ffi::c_void, end - start, MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, len);
}

/// The same elements in a fresh allocation advised for huge pages before it is first touched.
///
/// The capacity is padded by one huge page so that the aligned part covers every element.
pub fn copy<T: Copy>(v: Vec<T>) -> Vec<T> {
    let size = std::mem::size_of::<T>().max(1);
    if v.len() * size < MIN_BYTES {
        return v;
    }
    let mut out: Vec<T> = Vec::with_capacity(v.len() + HUGE / size);
    advise(out.as_mut_ptr() as *mut u8, out.capacity() * size);
    out.extend_from_slice(&v);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn copies_keep_contents() {
        let v: Vec<u64> = (0..400_000u64).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        assert_eq!(super::copy(v.clone()), v);
        let small = vec![1u32, 2, 3];
        assert_eq!(super::copy(small.clone()), small);
    }
}
