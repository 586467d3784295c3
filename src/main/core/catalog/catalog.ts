import type { CatalogEntry } from '@shared/catalog'
import { packCatalog, type CatalogColumns } from '@shared/state-columns'
import bundled from './earth-views.json' with { type: 'json' }

/**
 * The images the app knows of: the bundled list of the 2,609 known Earth View ids, plus entries
 * learnt from documents crawled beyond it (an id range can find images the list lacks).
 */
export class Catalog {
  private readonly byId = new Map<number, CatalogEntry>()
  /** The entries as the page's state carries them, made once until an entry changes. */
  private packed: CatalogColumns | null = null

  constructor(entries: readonly CatalogEntry[] = bundled as CatalogEntry[]) {
    for (const entry of entries) this.byId.set(entry.id, entry)
  }

  get size(): number {
    return this.byId.size
  }

  get(id: number): CatalogEntry | undefined {
    return this.byId.get(id)
  }

  has(id: number): boolean {
    return this.byId.has(id)
  }

  /** Adds or refreshes an entry (e.g. from a crawled document); returns true when it was new. */
  upsert(entry: CatalogEntry): boolean {
    const isNew = !this.byId.has(entry.id)
    this.byId.set(entry.id, entry)
    this.packed = null
    return isNew
  }

  /** Every entry in id order, in columns (@shared/state-columns); the same object until one changes. */
  columns(): CatalogColumns {
    this.packed ??= packCatalog(this.entries())
    return this.packed
  }

  entries(): CatalogEntry[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id)
  }

  knownIds(): number[] {
    return this.entries().map((entry) => entry.id)
  }
}

/** The bundled known ids, in order. */
export const KNOWN_IDS: readonly number[] = (bundled as CatalogEntry[]).map((entry) => entry.id)
