export { Library, placeholderEntry, type LibraryOptions, type OpenReport } from './library'
export { jpegProblem, MAX_JPEG_BYTES, MIN_JPEG_BYTES } from './jpeg'
export { writeFileAtomic, isTempName } from '../files/atomic-file'
