/**
 * Test JPEGs written by a separate Node process, for tests whose own process must stay free of
 * native libvips (importing ./jpeg here would load it).
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const exec = promisify(execFile)
const JPEG_HELPER = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), 'jpeg.ts'))

/** Writes `<folder>/<id>.jpg` for every id (different pictures per id) and returns the paths. */
export async function writeTestJpegsInChild(
  folder: string,
  ids: number[],
  size: { width: number; height: number }
): Promise<string[]> {
  const paths = ids.map((id) => join(folder, `${id}.jpg`))
  const script = `
    import { writeFile } from 'node:fs/promises'
    const { makeTestJpeg } = await import(${JSON.stringify(JPEG_HELPER.href)})
    const jobs = ${JSON.stringify(ids.map((id, i) => ({ id, path: paths[i] })))}
    for (const { id, path } of jobs) {
      await writeFile(path, await makeTestJpeg({ ...${JSON.stringify(size)}, seed: id }))
    }`
  // Node runs jpeg.ts itself, stripping its types.
  await exec(process.execPath, ['--no-warnings', '--input-type=module', '-e', script])
  return paths
}
