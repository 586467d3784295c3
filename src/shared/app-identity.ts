/**
 * The app's identity outside its own window. electron-builder writes APP_ID into the installers
 * (the macOS bundle id, the Windows shortcut's AppUserModelID); on Windows the main process must
 * claim the same id, or its notifications belong to no installed app and are not shown.
 */
export const APP_ID = 'app.earthviewgallery.EarthViewGallery'
