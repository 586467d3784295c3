import { z } from 'zod'
import { JsonStateFile } from '../state-file/json-state-file'

export const DOWNLOADS_FILE = 'downloads.json'

const schema = z.object({
  version: z.literal(1),
  ids: z.array(z.number().int().positive()).max(100_000)
})

/**
 * Which images the person downloaded with "Download" (an export that placed the file, or found
 * the identical file already there): the "Downloaded images" a wallpaper rotation can choose
 * from. The export itself keeps no record, and the download folder's names follow a template
 * the person may change, so the app keeps its own list in the data folder.
 */
export class DownloadLedger {
  private constructor(
    private readonly file: JsonStateFile<z.infer<typeof schema>>,
    private readonly known: Set<number>
  ) {}

  static async open(path: string): Promise<DownloadLedger> {
    const file = new JsonStateFile(path, schema)
    const saved = await file.load({ version: 1, ids: [] })
    return new DownloadLedger(file, new Set(saved.ids))
  }

  ids(): number[] {
    return [...this.known]
  }

  /** Records ids; resolves when the list is on disk. True when any was new. */
  async add(ids: readonly number[]): Promise<boolean> {
    const before = this.known.size
    for (const id of ids) this.known.add(id)
    if (this.known.size === before) return false
    await this.file.save({ version: 1, ids: [...this.known].sort((a, b) => a - b) })
    return true
  }

  flushed(): Promise<void> {
    return this.file.flushed()
  }
}
