import {
  app,
  dialog,
  Menu,
  shell,
  type BrowserWindow,
  type MenuItemConstructorOptions
} from 'electron'

export interface MenuActions {
  chooseDownloadFolder(): void
  nextWallpaper(): void
  /** Development only: reload and the developer tools. */
  isDev: boolean
  dataFolder: string
  window(): BrowserWindow | null
}

const isMac = process.platform === 'darwin'

/** Name, version, the runtime versions a bug report needs, and where the data lives. */
export async function showAbout(actions: Pick<MenuActions, 'dataFolder' | 'window'>) {
  const parent = actions.window()
  const options: Electron.MessageBoxOptions = {
    type: 'info',
    title: `About ${app.name}`,
    message: `${app.name} ${app.getVersion()}`,
    detail: [
      `Electron ${process.versions.electron}`,
      `Chromium ${process.versions.chrome}`,
      `Node ${process.versions.node}`,
      `${process.platform} ${process.arch}`,
      '',
      'Data folder (settings, library, thumbnails):',
      actions.dataFolder
    ].join('\n'),
    buttons: ['OK', 'Open Data Folder'],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  }
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options)
  if (response === 1) await shell.openPath(actions.dataFolder)
}

export function installAppMenu(actions: MenuActions): void {
  const about: MenuItemConstructorOptions = {
    label: `About ${app.name}`,
    click: () => void showAbout(actions)
  }
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              about,
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' }
            ]
          } satisfies MenuItemConstructorOptions
        ]
      : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Choose Download Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => actions.chooseDownloadFolder()
        },
        { label: 'Next wallpaper', click: () => actions.nextWallpaper() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(actions.isDev
          ? ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' }
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [about]
    }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
