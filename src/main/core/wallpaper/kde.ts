import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { applied, notApplied, unsupported, type BackendContext, type Outcome } from './backend'
import { samePicture } from './gsettings'
import type { CommandResult } from './run-command'

const DESKTOP = 'KDE Plasma'
const WHERE = 'the desktop menu > Configure Desktop and Wallpaper'
const SERVICE = 'org.kde.plasmashell'
const OBJECT = '/PlasmaShell'
const METHOD = 'org.kde.PlasmaShell.evaluateScript'
/** Qt's fill mode "PreserveAspectCrop": scaled to cover the screen, the same as GNOME's zoom. */
const FILL_MODE_CROP = 2

export function setScript(imageUri: string): string {
  return (
    'desktops().forEach(function (d) {' +
    " d.wallpaperPlugin = 'org.kde.image';" +
    " d.currentConfigGroup = ['Wallpaper', 'org.kde.image', 'General'];" +
    ` d.writeConfig('Image', ${JSON.stringify(imageUri)});` +
    ` d.writeConfig('FillMode', ${FILL_MODE_CROP});` +
    ' })'
  )
}

/** Prints one "plugin<TAB>image" line per desktop (one per screen and activity). */
export const READ_SCRIPT =
  'print(desktops().map(function (d) {' +
  " d.currentConfigGroup = ['Wallpaper', 'org.kde.image', 'General'];" +
  " return d.wallpaperPlugin + '\\t' + d.readConfig('Image');" +
  " }).join('\\n'))"

type ScriptAnswer =
  { ok: true; output: string; tool: string } | { ok: false; missing: boolean; reason: string }

/** Runs a Plasma script over D-Bus with whichever client is installed. */
async function evaluateScript(context: BackendContext, script: string): Promise<ScriptAnswer> {
  const attempts: [string, string[], (result: CommandResult) => string][] = [
    ['qdbus6', [SERVICE, OBJECT, METHOD, script], (result) => result.stdout],
    ['qdbus', [SERVICE, OBJECT, METHOD, script], (result) => result.stdout],
    [
      'dbus-send',
      ['--session', '--print-reply', `--dest=${SERVICE}`, OBJECT, METHOD, `string:${script}`],
      (result) => parseDbusSendString(result.stdout)
    ]
  ]
  let firstFailure: string | undefined
  for (const [tool, args, output] of attempts) {
    const result = await context.run(tool, args)
    if (result.ok) return { ok: true, output: output(result), tool }
    if (result.failure !== 'missing') firstFailure ??= result.reason
  }
  return firstFailure
    ? { ok: false, missing: false, reason: firstFailure }
    : { ok: false, missing: true, reason: 'neither qdbus6, qdbus nor dbus-send is installed' }
}

/** dbus-send prints `   string "..."` after a header line; the string is not escaped. */
export function parseDbusSendString(printed: string): string {
  const match = /^\s*string "([\s\S]*)"\s*$/m.exec(printed.replace(/^method return[^\n]*\n/, ''))
  return match?.[1] ?? ''
}

export interface PlasmaDesktop {
  plugin: string
  image: string
}

export function parseReadOutput(output: string): PlasmaDesktop[] {
  return output
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const tab = line.indexOf('\t')
      return tab < 0
        ? { plugin: line.trim(), image: '' }
        : { plugin: line.slice(0, tab).trim(), image: line.slice(tab + 1).trim() }
    })
}

/** Every desktop containment's org.kde.image Image from plasma-org.kde.plasma.desktop-appletsrc. */
export function parseAppletsrc(text: string): PlasmaDesktop[] {
  const found: PlasmaDesktop[] = []
  let inImageGroup = false
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (line.startsWith('[')) {
      inImageGroup = /^\[Containments\]\[[^\]]+\]\[Wallpaper\]\[org\.kde\.image\]\[General\]$/.test(
        line
      )
      continue
    }
    const match = /^Image=(.*)$/.exec(line)
    if (inImageGroup && match?.[1] !== undefined) {
      found.push({ plugin: 'org.kde.image', image: match[1] })
    }
  }
  return found
}

function allShow(desktops: PlasmaDesktop[], imageUri: string): boolean {
  return (
    desktops.length > 0 &&
    desktops.every(
      (desktop) => desktop.plugin === 'org.kde.image' && samePicture(desktop.image, imageUri)
    )
  )
}

export async function setForKde(context: BackendContext): Promise<Outcome> {
  const { file } = context
  const imageUri = pathToFileURL(file).href

  const tool = await context.run('plasma-apply-wallpaperimage', [file])
  if (!tool.ok && tool.failure !== 'missing') {
    return notApplied(DESKTOP, tool.reason ?? 'plasma-apply-wallpaperimage failed', WHERE, file)
  }
  if (tool.failure === 'missing') {
    const set = await evaluateScript(context, setScript(imageUri))
    if (!set.ok) {
      return set.missing
        ? unsupported(
            DESKTOP,
            `neither plasma-apply-wallpaperimage nor a D-Bus client (qdbus6, qdbus, dbus-send) is installed`,
            file
          )
        : notApplied(
            DESKTOP,
            `Plasma did not run the wallpaper script (${set.reason})`,
            WHERE,
            file
          )
    }
  }

  const read = await evaluateScript(context, READ_SCRIPT)
  if (read.ok) {
    const desktops = parseReadOutput(read.output)
    if (allShow(desktops, imageUri)) {
      return applied(DESKTOP, `Plasma reports the new picture on all ${desktops.length} desktop(s)`)
    }
    return notApplied(
      DESKTOP,
      `Plasma still reports ${describe(desktops)} after the change`,
      WHERE,
      file
    )
  }

  // Without a D-Bus client, Plasma's own config file is the only record of what it shows.
  const appletsrc = join(context.configHome, 'plasma-org.kde.plasma.desktop-appletsrc')
  const text = await readFile(appletsrc, 'utf8').catch(() => undefined)
  if (text === undefined) {
    return notApplied(
      DESKTOP,
      `the change could not be checked (${read.reason}, and ${appletsrc} is unreadable)`,
      WHERE,
      file
    )
  }
  const desktops = parseAppletsrc(text)
  if (allShow(desktops, imageUri)) {
    return applied(
      DESKTOP,
      `Plasma's configuration shows the new picture on all ${desktops.length} desktop(s)`
    )
  }
  return notApplied(
    DESKTOP,
    `Plasma's configuration still shows ${describe(desktops)}`,
    WHERE,
    file
  )
}

function describe(desktops: PlasmaDesktop[]): string {
  if (desktops.length === 0) return 'no desktop wallpapers at all'
  const images = [...new Set(desktops.map((desktop) => desktop.image || `(${desktop.plugin})`))]
  return images.slice(0, 2).join(', ')
}
