import type { Sharp } from './sharp-ops'

/**
 * Process-wide settings for native sharp, applied when it is loaded.
 *
 * - `cache(false)`: every source image is read exactly once, so libvips' operation cache would
 *   never hit; it would only hold up to 50 MB and, worse, up to 20 source files open, and an open
 *   handle on Windows stops the library from replacing or deleting that image.
 * - `concurrency(1)`: one libvips thread per image. The Thumbnailer already runs a couple of
 *   images side by side, so thumbnailing uses at most that many cores and leaves the rest to the
 *   crawl and the UI on a small machine; a 400 px thumbnail of a shrink-on-load JPEG takes ~20 ms
 *   on one thread, so extra threads per image buy little. (On glibc Linux sharp already defaults
 *   to 1; on macOS and Windows it would default to one thread per core.)
 */
export function configureSharp(sharp: Sharp): void {
  sharp.cache(false)
  sharp.concurrency(1)
}
