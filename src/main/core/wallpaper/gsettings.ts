import { fileURLToPath, pathToFileURL } from 'node:url'
import { applied, notApplied, unsupported, type BackendContext, type Outcome } from './backend'

interface PictureKey {
  name: string
  value: (file: string) => string
  /** Absent on older releases (picture-uri-dark arrived with GNOME 42); skipped, not failed. */
  optional?: boolean
}

interface GSettingsDesktop {
  desktop: string
  schema: string
  pictureKeys: PictureKey[]
  where: string
}

const uri = (file: string): string => pathToFileURL(file).href

export const GNOME: GSettingsDesktop = {
  desktop: 'GNOME',
  schema: 'org.gnome.desktop.background',
  pictureKeys: [
    { name: 'picture-uri', value: uri },
    { name: 'picture-uri-dark', value: uri, optional: true }
  ],
  where: 'Settings > Appearance'
}

export const CINNAMON: GSettingsDesktop = {
  desktop: 'Cinnamon',
  schema: 'org.cinnamon.desktop.background',
  pictureKeys: [{ name: 'picture-uri', value: uri }],
  where: 'System Settings > Backgrounds'
}

export const MATE: GSettingsDesktop = {
  desktop: 'MATE',
  schema: 'org.mate.background',
  pictureKeys: [{ name: 'picture-filename', value: (file) => file }],
  where: 'Control Center > Appearance > Background'
}

/** GVariant text for a string, so quotes and backslashes in a path survive gsettings' parser. */
export function gvariantString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** Reads gsettings' printed string ('...' or "..." with backslash escapes) back into a string. */
export function parseGVariantString(printed: string): string {
  const text = printed.trim()
  const quote = text[0]
  if ((quote !== "'" && quote !== '"') || text.length < 2 || text.at(-1) !== quote) return text
  return text.slice(1, -1).replace(/\\(.)/g, '$1')
}

/** Same picture: equal text, or two file: URIs / paths naming the same file. */
export function samePicture(actual: string, expected: string): boolean {
  if (actual === expected) return true
  const asPath = (value: string): string | undefined => {
    if (value.startsWith('/')) return value
    try {
      return value.startsWith('file:') ? fileURLToPath(value) : undefined
    } catch {
      return undefined
    }
  }
  const a = asPath(actual)
  return a !== undefined && a === asPath(expected)
}

export async function setWithGSettings(
  spec: GSettingsDesktop,
  { file, run }: BackendContext
): Promise<Outcome> {
  const { desktop, schema, where } = spec
  const listed = await run('gsettings', ['list-keys', schema])
  if (listed.failure === 'missing') {
    return unsupported(desktop, 'gsettings is not installed', file)
  }
  if (!listed.ok) {
    return notApplied(desktop, `${schema} could not be read (${listed.reason})`, where, file)
  }
  const available = new Set(listed.stdout.split('\n').map((key) => key.trim()))
  const keys = spec.pictureKeys.filter((key) => available.has(key.name) || !key.optional)

  const writes: [string, string][] = [
    ...(available.has('picture-options')
      ? [['picture-options', "'zoom'"] as [string, string]]
      : []),
    ...keys.map((key): [string, string] => [key.name, gvariantString(key.value(file))])
  ]
  for (const [key, value] of writes) {
    const result = await run('gsettings', ['set', schema, key, value])
    if (!result.ok) {
      return notApplied(desktop, `setting ${key} failed (${result.reason})`, where, file)
    }
  }

  for (const key of keys) {
    const result = await run('gsettings', ['get', schema, key.name])
    if (!result.ok) {
      return notApplied(desktop, `reading ${key.name} back failed (${result.reason})`, where, file)
    }
    const actual = parseGVariantString(result.stdout)
    if (!samePicture(actual, key.value(file))) {
      return notApplied(
        desktop,
        `${key.name} still reads ${actual || 'empty'} after setting it (the setting did not stick; check that a D-Bus session is running)`,
        where,
        file
      )
    }
  }
  const names = keys.map((key) => key.name).join(' and ')
  return applied(desktop, `${desktop} now reports the new picture in ${names}`)
}
