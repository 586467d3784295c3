/** The desktops setWallpaper knows how to talk to, plus the answers for "none of those". */
export type DesktopKind =
  | 'gnome'
  | 'cinnamon'
  | 'mate'
  | 'kde'
  | 'xfce'
  | 'sway'
  /** An X11 session without a desktop we know: a plain window manager, where feh or nitrogen draw. */
  | 'x11'
  /** A Wayland compositor we cannot talk to (Hyprland, river, labwc, ...). */
  | 'wayland'
  | 'macos'
  | 'windows'
  | 'none'

export const DESKTOP_LABELS: Record<DesktopKind, string> = {
  gnome: 'GNOME',
  cinnamon: 'Cinnamon',
  mate: 'MATE',
  kde: 'KDE Plasma',
  xfce: 'XFCE',
  sway: 'sway',
  x11: 'X11',
  wayland: 'Wayland',
  macos: 'macOS',
  windows: 'Windows',
  none: 'unknown'
}

// XDG_CURRENT_DESKTOP lists the most specific name first ("ubuntu:GNOME", "Budgie:GNOME",
// "X-Cinnamon"), so the first name we recognise decides.
const NAMES: [RegExp, DesktopKind][] = [
  [/^(kde|plasma|plasmawayland|plasmax11)$/, 'kde'],
  [/^(x-)?cinnamon(2d)?$/, 'cinnamon'],
  [/^mate$/, 'mate'],
  [/^(x)?xfce(4)?$/, 'xfce'],
  [/^sway$/, 'sway'],
  [
    /^(gnome|gnome-classic|gnome-flashback|gnome-xorg|gnome-wayland|unity|unity7|budgie|budgie-desktop|pop|ubuntu|ubuntu-wayland|ubuntu-xorg|zorin|cosmic-gnome)$/,
    'gnome'
  ]
]

function kindOfName(name: string): DesktopKind | undefined {
  const lower = name.trim().toLowerCase()
  if (!lower) return undefined
  return NAMES.find(([pattern]) => pattern.test(lower))?.[1]
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== ''
}

export function detectDesktop(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): DesktopKind {
  if (platform === 'darwin') return 'macos'
  if (platform === 'win32') return 'windows'

  for (const name of (env.XDG_CURRENT_DESKTOP ?? '').split(':')) {
    const kind = kindOfName(name)
    if (kind) return kind
  }
  // Older display managers set only DESKTOP_SESSION, sometimes as a path to the .desktop file.
  const session =
    (env.DESKTOP_SESSION ?? '')
      .split('/')
      .pop()
      ?.replace(/\.desktop$/, '') ?? ''
  const bySession = kindOfName(session) ?? kindOfName(env.XDG_SESSION_DESKTOP ?? '')
  if (bySession) return bySession
  if (isSet(env.SWAYSOCK)) return 'sway'

  const wayland = isSet(env.WAYLAND_DISPLAY) || env.XDG_SESSION_TYPE?.toLowerCase() === 'wayland'
  // Under an unknown Wayland compositor DISPLAY is usually Xwayland, whose root window nobody sees.
  if (wayland) return 'wayland'
  if (isSet(env.DISPLAY)) return 'x11'
  return 'none'
}
