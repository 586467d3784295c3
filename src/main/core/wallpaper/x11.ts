import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { applied, notApplied, unsupported, type BackendContext, type Outcome } from './backend'
import { captureRoot, compareWithScreen } from './screen-check'

const WHERE = "your window manager's startup file"

/**
 * The words of a sh command line, for reading ~/.fehbg back: feh quotes the path for sh
 * ('it'"'"'s.jpg'), so the line is unquoted rather than searched for the path.
 */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (char === "'") {
      const end = line.indexOf("'", i + 1)
      word = (word ?? '') + line.slice(i + 1, end < 0 ? line.length : end)
      i = end < 0 ? line.length : end
    } else if (char === '"') {
      let text = ''
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) i++
        text += line[i] ?? ''
      }
      word = (word ?? '') + text
    } else if (char === '\\') {
      word = (word ?? '') + (line[++i] ?? '')
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word = (word ?? '') + char
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

/** Does ~/.fehbg run feh with this file? */
export function fehbgNames(fehbg: string, file: string): boolean {
  return fehbg
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .some((line) => {
      const words = shellWords(line)
      return words[0] === 'feh' && words.includes(file)
    })
}

/** nitrogen's bg-saved.cfg has one file= line per screen. */
export function nitrogenFiles(config: string): string[] {
  return config
    .split('\n')
    .map((line) => /^file=(.*)$/.exec(line.trim())?.[1])
    .filter((value): value is string => value !== undefined)
}

/**
 * A window manager without a desktop: feh or nitrogen paint the root window. Their saved state says
 * what they painted; the root window's pixels say whether anything draws over it.
 */
export async function setForX11(context: BackendContext): Promise<Outcome> {
  const { file, run } = context
  const feh = await run('feh', ['--bg-fill', file])
  if (feh.failure !== 'missing') {
    const desktop = 'feh (X11)'
    if (!feh.ok) return notApplied(desktop, `feh could not set it (${feh.reason})`, WHERE, file)
    const fehbg = join(context.home, '.fehbg')
    const saved = await readFile(fehbg, 'utf8').catch(() => '')
    if (!fehbgNames(saved, file)) {
      return notApplied(desktop, `feh ran but ${fehbg} does not name the new picture`, WHERE, file)
    }
    return checkScreen(context, desktop, 'feh', fehbg)
  }

  const nitrogen = await run('nitrogen', ['--set-zoom-fill', '--save', file])
  if (nitrogen.failure !== 'missing') {
    const desktop = 'nitrogen (X11)'
    if (!nitrogen.ok) {
      return notApplied(desktop, `nitrogen could not set it (${nitrogen.reason})`, WHERE, file)
    }
    const config = join(context.configHome, 'nitrogen', 'bg-saved.cfg')
    const saved = nitrogenFiles(await readFile(config, 'utf8').catch(() => ''))
    if (saved.length === 0 || !saved.every((entry) => entry === file)) {
      return notApplied(
        desktop,
        `nitrogen ran but ${config} does not name the new picture`,
        WHERE,
        file
      )
    }
    return checkScreen(context, desktop, 'nitrogen', config)
  }

  return unsupported(
    'X11',
    'no known desktop was found and neither feh nor nitrogen is installed (install feh to let the app set it)',
    file
  )
}

async function checkScreen(
  context: BackendContext,
  desktop: string,
  tool: string,
  savedIn: string
): Promise<Outcome> {
  const how = `${tool} painted it and ${savedIn} names it`
  const screen = await captureRoot(context)
  if (!screen) return applied(desktop, `${how} (the screen itself could not be captured to check)`)
  const comparison = await compareWithScreen(context.file, screen)
  if (comparison.shows) return applied(desktop, `${how}, and the screen shows it`)
  return notApplied(
    desktop,
    `${tool} ran and ${savedIn} names it but the screen does not show it (another program may be drawing the desktop)`,
    WHERE,
    context.file
  )
}
