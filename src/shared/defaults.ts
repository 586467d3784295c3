/**
 * Plain constants, apart from the settings schema so that code which only needs a default (the
 * crawler, the `crawl` command) does not load zod.
 */
export const MIN_CONCURRENCY = 1
export const MAX_CONCURRENCY = 64
/** Chosen by `npm run bench` (see README). */
export const DEFAULT_CONCURRENCY = 48
export const DEFAULT_RETRIES = 4
export const DEFAULT_FILENAME_TEMPLATE = '{country} - {region} ({id}).jpg'
