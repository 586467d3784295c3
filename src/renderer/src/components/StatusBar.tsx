import { memo, useRef, useState } from 'react'
import type { Settings } from '@shared/settings'
import { formatCount } from '../lib/format'
import { useController, useStore } from '../state/context'
import { Icon } from './Icon'
import { SettingsDialog } from './settings/SettingsDialog'

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

export const StatusBar = memo(function StatusBar() {
  const controller = useController()
  const folder = useStore((s) => s.settings?.downloadFolder ?? '')
  const theme = useStore((s) => s.settings?.theme ?? 'system')
  const exportProgress = useStore((s) => s.exportProgress)
  const [settingsOpen, setSettingsOpen] = useState(false)
  const settingsButton = useRef<HTMLButtonElement>(null)

  return (
    <footer className="statusbar">
      <div className="download-folder">
        <Icon name="folder" size={16} />
        <span className="muted">Downloads go to</span>
        <span className="folder-path" title={folder}>
          {folder || 'not chosen yet'}
        </span>
        <button className="link-button" onClick={() => void controller.chooseDownloadFolder()}>
          Choose download folder
        </button>
      </div>

      {exportProgress && exportProgress.state === 'running' && (
        <div className="export-progress" role="status">
          <span>
            Downloading {formatCount(exportProgress.done)} of {formatCount(exportProgress.total)}
          </span>
          <progress
            max={Math.max(1, exportProgress.total)}
            value={exportProgress.done}
            aria-label="Download progress"
          />
        </div>
      )}

      <label className="theme-field">
        <span className="muted">Theme</span>
        <select
          aria-label="Theme"
          value={theme}
          onChange={(event) =>
            void controller.updateSettings({
              theme: event.currentTarget.value as Settings['theme']
            })
          }
        >
          {THEMES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>

      <button
        ref={settingsButton}
        className="button small ghost"
        aria-haspopup="dialog"
        onClick={() => setSettingsOpen(true)}
      >
        Settings
      </button>
      {settingsOpen && (
        <SettingsDialog opener={settingsButton} onClose={() => setSettingsOpen(false)} />
      )}
    </footer>
  )
})
