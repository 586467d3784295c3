import { readFile, rename } from 'node:fs/promises'

/**
 * A settings file that is not a JSON object (a crash mid-write by another tool, a bad hand edit)
 * is renamed to `<file>.corrupt-<time>` so the app starts with defaults and nothing is lost.
 * Returns the new path, or null when the file is fine or absent.
 */
export async function setAsideCorruptSettings(file: string): Promise<string | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const value: unknown = JSON.parse(text)
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return null
  } catch {
    // fall through: not JSON
  }
  const aside = `${file}.corrupt-${new Date().toISOString().replaceAll(':', '-')}`
  await rename(file, aside)
  return aside
}
