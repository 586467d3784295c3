export { SettingsStore, type SettingsBackend } from './settings-store'
export { setAsideCorruptSettings } from './settings-file'
export { openNodeSettings, SETTINGS_FILE_NAME } from './node-settings'
