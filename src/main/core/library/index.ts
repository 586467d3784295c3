export { Library, LibraryFolderError, type OpenReport, type VerifyReport } from './library'
export { jpegProblem, MAX_JPEG_BYTES, MIN_JPEG_BYTES } from './jpeg'
export { writeFileAtomic, isTempName } from '../files/atomic-file'
