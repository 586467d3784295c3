import type { CatalogEntry } from '@shared/catalog'
import { fileNameFor } from '@shared/file-name'
import { useController } from '../../state/context'
import { Icon } from '../Icon'
import { CheckboxSetting } from './CheckboxSetting'
import { useSettingsForm } from './form'
import { FolderInput, Row, Section } from './layout'
import { TextSetting } from './TextSetting'

const PLACEHOLDERS: { name: string; meaning: string }[] = [
  { name: '{id}', meaning: 'image number' },
  { name: '{country}', meaning: 'country' },
  { name: '{region}', meaning: 'region' },
  { name: '{lat}', meaning: 'latitude' },
  { name: '{lng}', meaning: 'longitude' }
]

/** The image the file name preview is worked out for. */
const SAMPLE: CatalogEntry = {
  id: 1004,
  country: 'Chile',
  region: 'Tamarugal',
  lat: -19.140249,
  lng: -68.683995,
  attribution: '',
  primaryColor: [206, 149, 48],
  hue: 38
}

/** The name a download of the sample image gets: the same function names real downloads. */
export function previewFileName(template: string): string {
  return fileNameFor(template, SAMPLE)
}

/** Where downloads go, what they are called, and whether the place is written into them. */
export function DownloadsSection() {
  const controller = useController()
  const { settings, isSaved } = useSettingsForm()
  return (
    <Section title="Downloads">
      <Row label="Download folder" saved={isSaved('downloadFolder')}>
        {(id) => (
          <div className="settings-inline">
            <FolderInput id={id} folder={settings.downloadFolder} />
            <button className="button" onClick={() => void controller.chooseDownloadFolder()}>
              <Icon name="folder" size={16} />
              Choose download folder
            </button>
          </div>
        )}
      </Row>

      <TextSetting
        setting="filenameTemplate"
        label="File name"
        hint={(draft, invalid) => (
          <>
            <span className="settings-preview">
              Example: <output>{previewFileName(draft)}</output>
            </span>
            <span className="settings-placeholders">
              {PLACEHOLDERS.map((placeholder) => (
                <code key={placeholder.name} title={placeholder.meaning}>
                  {placeholder.name}
                </code>
              ))}
              {!invalid && <span>The name must contain {'{id}'}.</span>}
            </span>
          </>
        )}
      />

      <CheckboxSetting
        setting="writeExif"
        label="Write place and coordinates into downloaded photos (EXIF)"
        hint="Photo apps can then show where each picture was taken."
      />
    </Section>
  )
}
