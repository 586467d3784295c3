export { exportImages, type ExportOptions, type ExportSource } from './export-images'
export { checkExportFolder } from './export-folder'
export { fileNameFor, withCopyNumber, MAX_NAME_BYTES } from '@shared/file-name'
export { addEarthViewExif, earthViewExif, jpegSize, withExif } from './jpeg-exif'
