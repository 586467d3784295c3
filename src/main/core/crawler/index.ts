export {
  Crawl,
  startCrawl,
  clampConcurrency,
  DEFAULT_USER_AGENT,
  type CrawlEvents,
  type CrawlOptions,
  type FirstWave
} from './crawl'
export { DocumentExtractor, DocumentError, type ExtractedDocument } from './document-extractor'
export { documentMeta, type DocumentMeta } from './document'
export { parseRetryAfter, backoffDelay } from './retry'
