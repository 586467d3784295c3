/**
 * Installers (`npm run dist`; arguments after `--` go to electron-builder). Loaded by
 * electron-builder itself, after `electron-vite build`: what ships is computed from that build.
 *
 *   npm run dist                                          installers for this system
 *   npm run dist -- --linux dir -c.electronDist=DIR       the unpacked app, from a local Electron
 *
 * Signing and notarization come from the environment (CSC_LINK + CSC_KEY_PASSWORD; APPLE_ID +
 * APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_API_KEY + APPLE_API_KEY_ID +
 * APPLE_API_ISSUER) and are skipped when it has none.
 */
import { Arch, type Configuration } from 'electron-builder'
import { appFiles, undeclaredPackages } from './scripts/packaging/app-files'
import { APP_ID } from './src/shared/app-identity'
import {
  missingSharpBinding,
  sharpExclusions,
  type PackagePlatform
} from './scripts/packaging/native-sharp'

const root = import.meta.dirname
const app = appFiles(root)
const undeclared = undeclaredPackages(root, app)
if (undeclared.length > 0) {
  // electron-builder ships `dependencies` only: a devDependency the main process imports would
  // be missing from the package and fail there, never in development.
  throw new Error(
    `out/main imports ${undeclared.join(', ')}, not in package.json "dependencies"; ` +
      `move ${undeclared.length > 1 ? 'them' : 'it'} there`
  )
}

/**
 * The app's own built files and nothing else (not the crawl/web/bench entries, not src), plus,
 * per platform, which node_modules files to leave out. Each platform lists them all: electron-builder
 * keeps a platform's `files` apart from the top-level ones, and a list of exclusions alone would
 * mean "everything else".
 */
const shipped = (...exclusions: string[]) => [
  'package.json',
  ...app.files,
  'out/preload/**',
  'out/renderer/**',
  ...exclusions
]

/**
 * The Mac archs to build when none is named (`npm run dist` on a Mac): those whose sharp binding
 * npm installed here, which is the Mac's own; both where there is none, so that the build says
 * what is missing. The release workflow names one arch per runner.
 */
const macArchs = (['x64', 'arm64'] as const).filter(
  (arch) => missingSharpBinding(root, 'darwin', arch) === null
)

/** A Developer ID certificate is given: sign for real (hardened runtime, notarization). */
const macDeveloperId = Boolean(process.env.CSC_LINK || process.env.CSC_NAME)

const config: Configuration = {
  appId: APP_ID,
  productName: 'Earth View Gallery',
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  directories: { output: 'dist', buildResources: 'build' },
  asar: true,
  asarUnpack: [
    // Loaded by the system's dynamic linker, which cannot read inside app.asar.
    'node_modules/@img/sharp-*/**',
    // Run as programs by the wallpaper package (macOS and Windows).
    'node_modules/wallpaper/source/*-wallpaper*'
  ],
  // Nothing to compile: sharp ships prebuilt N-API bindings, wallpaper prebuilt helpers. A rebuild
  // would fetch Electron's headers from the network for nothing.
  npmRebuild: false,
  // No auto-update feed: the release workflow attaches the installers to the GitHub release.
  publish: null,
  beforePack: (context) => {
    const platform = context.electronPlatformName as PackagePlatform
    const problem = missingSharpBinding(root, platform, Arch[context.arch])
    if (problem) throw new Error(`Cannot package sharp: ${problem}`)
  },

  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    // The .desktop file's Categories (a desktop.entry value would be overwritten by this).
    category: 'Graphics;Viewer;',
    synopsis: "Google Earth View's satellite photographs on your desktop",
    // The .desktop file is named after package.json's desktopName, which Electron also uses as
    // the window's WM_CLASS (X11) and app_id (Wayland): StartupWMClass then matches the window.
    syncDesktopName: true,
    files: shipped(
      ...sharpExclusions('linux'),
      '!node_modules/wallpaper/source/{macos-wallpaper,windows-wallpaper-x86-64.exe}'
    )
  },

  mac: {
    target: [{ target: 'dmg', arch: macArchs.length > 0 ? [...macArchs] : ['x64', 'arm64'] }],
    // Our own icns and ico (scripts/make-icons.mjs): electron-builder's converter would download
    // a toolset first.
    icon: 'build/icon.icns',
    category: 'public.app-category.photography',
    // Without a Developer ID, sign ad hoc: Apple silicon runs nothing unsigned, and an ad-hoc app
    // can still be opened after a warning. The hardened runtime is for notarization, which needs
    // the real identity; with an ad-hoc signature its library validation would refuse Electron's
    // own framework.
    identity: macDeveloperId ? undefined : '-',
    hardenedRuntime: macDeveloperId,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    files: shipped(
      ...sharpExclusions('darwin'),
      '!node_modules/wallpaper/source/windows-wallpaper-x86-64.exe'
    )
  },
  dmg: { writeUpdateInfo: false },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icon.ico',
    files: shipped(...sharpExclusions('win32'), '!node_modules/wallpaper/source/macos-wallpaper')
  },
  nsis: {
    // An assisted installer, for the current user only (build/installer.nsh), in a folder the
    // person may choose.
    oneClick: false,
    perMachine: false,
    include: 'build/installer.nsh',
    allowElevation: false,
    packElevateHelper: false,
    allowToChangeInstallationDirectory: true,
    differentialPackage: false
  }
}

export default config
