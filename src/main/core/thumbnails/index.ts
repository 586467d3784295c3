export {
  Thumbnailer,
  DEFAULT_THUMBNAIL_CONCURRENCY,
  DEFAULT_THUMBNAIL_WIDTH,
  type EnsureOptions,
  type ImageSource,
  type ThumbnailerOptions
} from './thumbnailer'
