import { join } from 'node:path'
import Store from 'electron-store'
import { setAsideCorruptSettings } from './core/settings'

const NAME = 'settings'

/**
 * electron-store over `<userData>/settings.json` (the same file the browser bridge's conf uses).
 * A file that is not a JSON object is moved aside first: electron-store would otherwise throw on
 * it and the app would not start. `setAside` is where it went, for telling the person once.
 */
export async function openElectronSettings(
  dataFolder: string
): Promise<{ store: Store<Record<string, unknown>>; setAside: string | null }> {
  const setAside = await setAsideCorruptSettings(join(dataFolder, `${NAME}.json`))
  const store = new Store<Record<string, unknown>>({ cwd: dataFolder, name: NAME })
  return { store, setAside }
}
