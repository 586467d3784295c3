import { applied, notApplied, unsupported, type BackendContext, type Outcome } from './backend'

const DESKTOP = 'XFCE'
const WHERE = 'Desktop Settings'
const CHANNEL = 'xfce4-desktop'
const LAST_IMAGE = /^\/backdrop\/screen\d+\/monitor[^/]+\/workspace\d+\/last-image$/
/** xfdesktop's image-style 5 is "Zoomed": scaled to cover the monitor. */
const STYLE_ZOOMED = '5'

export function backdropProperties(listing: string): string[] {
  return listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => LAST_IMAGE.test(line))
}

/** xfdesktop keeps one picture per screen, monitor and workspace; we set and check all of them. */
export async function setForXfce({ file, run }: BackendContext): Promise<Outcome> {
  const listed = await run('xfconf-query', ['-c', CHANNEL, '-l'])
  if (listed.failure === 'missing')
    return unsupported(DESKTOP, 'xfconf-query is not installed', file)
  if (!listed.ok) {
    return notApplied(
      DESKTOP,
      `the desktop settings could not be listed (${listed.reason})`,
      WHERE,
      file
    )
  }
  const properties = backdropProperties(listed.stdout)
  if (properties.length === 0) {
    return notApplied(
      DESKTOP,
      'xfdesktop has not created any backdrop settings yet (xfdesktop may not be running)',
      WHERE,
      file
    )
  }

  for (const property of properties) {
    const set = await run('xfconf-query', ['-c', CHANNEL, '-p', property, '-s', file])
    if (!set.ok)
      return notApplied(DESKTOP, `setting ${property} failed (${set.reason})`, WHERE, file)
    // The style only changes how the picture is scaled, so a failure here does not fail the change.
    await run('xfconf-query', [
      '-c',
      CHANNEL,
      '-p',
      property.replace(/last-image$/, 'image-style'),
      '-n',
      '-t',
      'int',
      '-s',
      STYLE_ZOOMED
    ])
  }

  for (const property of properties) {
    const read = await run('xfconf-query', ['-c', CHANNEL, '-p', property])
    if (!read.ok) {
      return notApplied(DESKTOP, `reading ${property} back failed (${read.reason})`, WHERE, file)
    }
    const actual = read.stdout.trim()
    if (actual !== file) {
      return notApplied(
        DESKTOP,
        `${property} still reads ${actual || 'empty'} after setting it`,
        WHERE,
        file
      )
    }
  }
  return applied(
    DESKTOP,
    `xfdesktop's settings show the new picture on all ${properties.length} monitor/workspace backdrop(s)`
  )
}
