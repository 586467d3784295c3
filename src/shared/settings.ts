import { z } from 'zod'
import { parseIdSpec } from './ids'
import { DEFAULT_SOURCE, sourceTemplateProblem } from './source'
import { WALLPAPER_INTERVALS, WALLPAPER_SOURCES } from './rotation'

import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FILENAME_TEMPLATE,
  DEFAULT_RETRIES,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY
} from './defaults'

export {
  DEFAULT_CONCURRENCY,
  DEFAULT_FILENAME_TEMPLATE,
  DEFAULT_RETRIES,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY
}

const bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200)
})

const folder = z.string().trim().min(1, 'choose a folder')

export const settingsSchema = z.object({
  libraryFolder: folder,
  downloadFolder: folder,
  concurrency: z.number().int().min(MIN_CONCURRENCY).max(MAX_CONCURRENCY),
  idPlan: z.string().superRefine((value, ctx) => {
    try {
      parseIdSpec(value)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
    }
  }),
  sourceUrl: z.string().superRefine((value, ctx) => {
    const problem = sourceTemplateProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
  filenameTemplate: z
    .string()
    .trim()
    .min(1, 'the file name template is empty')
    .refine((value) => value.includes('{id}'), 'the file name template must contain {id}'),
  theme: z.enum(['system', 'light', 'dark']),
  thumbnailSize: z.number().int().min(120).max(480),
  /** The main window shows the photographs as a grid or as places on a world map. */
  view: z.enum(['grid', 'map']),
  writeExif: z.boolean(),
  favorites: z.array(z.number().int().positive()),
  windowBounds: bounds.nullable(),
  /** "Change wallpaper" and "Choose from" (Settings → Wallpaper). */
  wallpaperInterval: z.enum(WALLPAPER_INTERVALS),
  wallpaperSource: z.enum(WALLPAPER_SOURCES),
  /** Applied by the host (login item / XDG autostart entry) before it is saved. */
  startAtLogin: z.boolean(),
  /** The person was told, once, that closing the window keeps the app in the tray. */
  trayNoticeShown: z.boolean()
})

export type Settings = z.infer<typeof settingsSchema>
export type SettingsPatch = Partial<Settings>
export const settingsPatchSchema = settingsSchema.partial().strict()

/** The defaults, given where this machine keeps things. */
export function defaultSettings(paths: {
  libraryFolder: string
  downloadFolder: string
}): Settings {
  return {
    libraryFolder: paths.libraryFolder,
    downloadFolder: paths.downloadFolder,
    concurrency: DEFAULT_CONCURRENCY,
    idPlan: 'known',
    sourceUrl: DEFAULT_SOURCE,
    filenameTemplate: DEFAULT_FILENAME_TEMPLATE,
    theme: 'system',
    thumbnailSize: 220,
    view: 'grid',
    writeExif: true,
    favorites: [],
    windowBounds: null,
    wallpaperInterval: 'never',
    wallpaperSource: 'favorites',
    startAtLogin: false,
    trayNoticeShown: false
  }
}
