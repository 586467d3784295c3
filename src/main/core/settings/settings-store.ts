import { EventEmitter } from 'node:events'
import {
  settingsPatchSchema,
  settingsSchema,
  type Settings,
  type SettingsPatch
} from '@shared/settings'
import { refusal } from '../api/refusal'

/** electron-store in the app, conf in plain Node: both keep a JSON object behind a read/write `.store`. */
export interface SettingsBackend {
  store: Record<string, unknown>
}

/**
 * The settings, validated with the one schema in src/shared/settings.ts whichever backend holds
 * them. A stored value that no longer fits the schema (edited by hand, or from an older version)
 * falls back to its default instead of breaking the app.
 */
export class SettingsStore extends EventEmitter<{ changed: [Settings] }> {
  private current: Settings

  constructor(
    private readonly backend: SettingsBackend,
    private readonly defaults: Settings
  ) {
    super()
    this.current = this.load()
  }

  get(): Settings {
    return this.current
  }

  /**
   * The settings `patch` would make, validated, without saving anything; a bad value gets a
   * GalleryError whose `field` names the setting.
   */
  check(patch: SettingsPatch): Settings {
    const parsedPatch = settingsPatchSchema.safeParse(patch)
    const next = parsedPatch.success
      ? settingsSchema.safeParse({ ...this.current, ...parsedPatch.data })
      : parsedPatch
    if (!next.success) throw refusal(next.error.issues[0], 0, 'Invalid setting')
    return next.data
  }

  /** Validates the patch and the result, then saves; nothing is saved when it is refused. */
  update(patch: SettingsPatch): Settings {
    this.current = this.check(patch)
    this.backend.store = { ...this.current }
    this.emit('changed', this.current)
    return this.current
  }

  private load(): Settings {
    const stored = this.backend.store ?? {}
    const merged: Record<string, unknown> = { ...this.defaults }
    const shape = settingsSchema.shape
    for (const key of Object.keys(shape) as (keyof Settings)[]) {
      if (!(key in stored)) continue
      if (shape[key].safeParse(stored[key]).success) merged[key] = stored[key]
    }
    return settingsSchema.parse(merged)
  }
}
