/** Types for scripts/import-catalog.mjs, so the catalog test can use its mapping. */
import type { CatalogEntry } from '../src/shared/catalog'

export declare function catalogEntry(row: Record<string, unknown>): CatalogEntry
