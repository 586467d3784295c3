/**
 * The argument list of every method of the contract (src/shared/api.ts), validated before any
 * service code runs. Only the main process loads this (and zod): the preload and the page get the
 * names alone. `satisfies` keeps it in step with GalleryApi: a method without a schema, a schema
 * without a method, or a schema that accepts other arguments than the method takes, does not
 * compile.
 */
import { z } from 'zod'
import type { GalleryApi } from '@shared/api'
import { settingsPatchSchema } from '@shared/settings'

const id = z.number().int().positive().max(99_999)

export const apiArgs = {
  getState: z.tuple([]),
  startCrawl: z.tuple([
    z
      .object({ ids: z.string().max(10_000).optional(), retryFailed: z.boolean().optional() })
      .strict()
  ]),
  pauseCrawl: z.tuple([]),
  resumeCrawl: z.tuple([]),
  cancelCrawl: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  setFavorite: z.tuple([id, z.boolean()]),
  chooseDownloadFolder: z.tuple([]),
  chooseLibraryFolder: z.tuple([]),
  exportItems: z.tuple([z.array(id).min(1).max(10_000)]),
  setWallpaper: z.tuple([id]),
  openInMaps: z.tuple([id]),
  showDownloadFolder: z.tuple([]),
  nextWallpaper: z.tuple([])
} satisfies { [K in keyof GalleryApi]: z.ZodType<Parameters<GalleryApi[K]>> }
