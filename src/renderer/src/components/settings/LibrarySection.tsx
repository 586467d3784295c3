import { useStore } from '../../state/context'
import { useSettingsForm } from './form'
import { FolderInput, Row, Section } from './layout'

/** Where the app keeps what it saved. */
export function LibrarySection() {
  const { settings } = useSettingsForm()
  const dataFolder = useStore((s) => s.dataFolder)
  return (
    <Section title="Library">
      <Row label="Images are kept in">
        {(id) => <FolderInput id={id} folder={settings.libraryFolder} />}
      </Row>
      <Row label="App data folder">{(id) => <FolderInput id={id} folder={dataFolder} />}</Row>
    </Section>
  )
}
