import type { ComponentType } from 'react'
import { AppearanceSection } from './AppearanceSection'
import { CrawlingSection } from './CrawlingSection'
import { DownloadsSection } from './DownloadsSection'
import { LibrarySection } from './LibrarySection'
import { WallpaperSection } from './WallpaperSection'

/**
 * The Settings dialog's sections, top to bottom. A section is a component of its own file that
 * takes what it needs from useSettingsForm(): adding one is adding it here.
 */
export const SETTINGS_SECTIONS: readonly ComponentType[] = [
  WallpaperSection,
  DownloadsSection,
  CrawlingSection,
  AppearanceSection,
  LibrarySection
]
