import { DEFAULT_SOURCE } from '@shared/source'
import { ConcurrencySetting } from './ConcurrencySetting'
import { Section } from './layout'
import { TextSetting } from './TextSetting'

/** What a crawl fetches, how fast, and from where. */
export function CrawlingSection() {
  return (
    <Section title="Crawling">
      <TextSetting
        setting="idPlan"
        label="Images to crawl"
        hint={() => (
          <>
            <code>known</code> crawls every known image; or list ids and ranges, e.g.{' '}
            <code>1000-2999, 5003</code>. Used from the next crawl on.
          </>
        )}
      />

      <ConcurrencySetting />

      <TextSetting
        setting="sourceUrl"
        label="Source"
        resetTo={DEFAULT_SOURCE}
        hint={() => (
          <>
            Where each image’s details come from: an http(s) address with <code>{'{id}'}</code> in
            it.
          </>
        )}
      />
    </Section>
  )
}
