#if os(Linux)
import CMalloc
#endif

/// Large blocks (an upload's body, a picture's bytes) go straight to `mmap` and back to the
/// system when freed. glibc's default moves its mmap threshold up to the largest block
/// freed so far, so after the first photo upload each 10 MB buffer came from the heap of
/// whichever thread asked, and the heaps kept it: four 24-megapixel uploads at once left
/// the server at a peak of 205-225 MB (VmHWM, `scripts/photo-bench`), against 150 MB with
/// the threshold fixed at 1 MiB. Nothing on a page's path allocates a block that large.
func returnLargeBlocksToTheSystem() {
    #if os(Linux)
    _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
    #endif
}
