/// glibc's `malloc_trim`: returns the free memory at the top of the heap and in its arenas to the
/// system. Declared here because the Glibc module does not import `<malloc.h>`.
@_silgen_name("malloc_trim")
func trimMallocHeap(_ pad: Int) -> Int32
