import Glibc

/// Returns the heap's free memory to the system with glibc's `malloc_trim`, looked up at run time
/// because the Glibc module does not import `<malloc.h>`; does nothing where it is missing.
func trimMallocHeap() {
    guard let symbol = dlsym(nil, "malloc_trim") else { return }
    let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    _ = trim(0)
}
