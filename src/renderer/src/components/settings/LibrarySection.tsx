import { isCrawlActive } from '@shared/crawl'
import { useController, useStore } from '../../state/context'
import { Icon } from '../Icon'
import { useSettingsForm } from './form'
import { FolderInput, Row, Section } from './layout'

/** Where the app keeps what it saved. */
export function LibrarySection() {
  const controller = useController()
  const { settings } = useSettingsForm()
  const dataFolder = useStore((s) => s.dataFolder)
  const crawling = useStore((s) => isCrawlActive(s.crawl.state))
  return (
    <Section title="Library">
      <Row label="Images are kept in">
        {(id) => (
          <>
            <div className="settings-inline">
              <FolderInput id={id} folder={settings.libraryFolder} />
              <button
                className="button"
                disabled={crawling}
                aria-describedby={`${id}-hint`}
                onClick={() => void controller.chooseLibraryFolder()}
              >
                <Icon name="folder" size={16} />
                Choose library folder
              </button>
            </div>
            <p id={`${id}-hint`} className="settings-hint">
              {crawling
                ? 'The library folder can change once the crawl has ended.'
                : 'Nothing is moved: the gallery shows what is saved in the folder you choose, and a crawl saves there.'}
            </p>
          </>
        )}
      </Row>
      <Row label="App data folder">{(id) => <FolderInput id={id} folder={dataFolder} />}</Row>
    </Section>
  )
}
