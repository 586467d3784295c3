import { describe, expect, it } from 'vitest'
import { detectDesktop, type DesktopKind } from './detect'

const cases: [string, NodeJS.ProcessEnv, NodeJS.Platform, DesktopKind][] = [
  ['macOS ignores the environment', { XDG_CURRENT_DESKTOP: 'GNOME' }, 'darwin', 'macos'],
  ['Windows', {}, 'win32', 'windows'],
  ['plain GNOME', { XDG_CURRENT_DESKTOP: 'GNOME', WAYLAND_DISPLAY: 'wayland-0' }, 'linux', 'gnome'],
  ['Ubuntu', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, 'linux', 'gnome'],
  ['Pop!_OS', { XDG_CURRENT_DESKTOP: 'pop:GNOME' }, 'linux', 'gnome'],
  ['Unity', { XDG_CURRENT_DESKTOP: 'Unity:Unity7:ubuntu' }, 'linux', 'gnome'],
  ['Budgie', { XDG_CURRENT_DESKTOP: 'Budgie:GNOME' }, 'linux', 'gnome'],
  ['GNOME Flashback', { XDG_CURRENT_DESKTOP: 'GNOME-Flashback:GNOME' }, 'linux', 'gnome'],
  ['lower case', { XDG_CURRENT_DESKTOP: 'gnome' }, 'linux', 'gnome'],
  ['Cinnamon', { XDG_CURRENT_DESKTOP: 'X-Cinnamon' }, 'linux', 'cinnamon'],
  ['MATE', { XDG_CURRENT_DESKTOP: 'MATE' }, 'linux', 'mate'],
  ['KDE', { XDG_CURRENT_DESKTOP: 'KDE', XDG_SESSION_TYPE: 'wayland' }, 'linux', 'kde'],
  ['XFCE', { XDG_CURRENT_DESKTOP: 'XFCE', DISPLAY: ':0' }, 'linux', 'xfce'],
  ['sway by name', { XDG_CURRENT_DESKTOP: 'sway', WAYLAND_DISPLAY: 'wayland-1' }, 'linux', 'sway'],
  [
    'sway by socket',
    { SWAYSOCK: '/run/user/1000/sway-ipc.sock', WAYLAND_DISPLAY: 'wayland-1' },
    'linux',
    'sway'
  ],
  ['DESKTOP_SESSION only', { DESKTOP_SESSION: 'plasma', DISPLAY: ':0' }, 'linux', 'kde'],
  ['DESKTOP_SESSION as a path', { DESKTOP_SESSION: '/usr/share/xsessions/xfce' }, 'linux', 'xfce'],
  [
    'XDG_CURRENT_DESKTOP wins over DESKTOP_SESSION',
    { XDG_CURRENT_DESKTOP: 'MATE', DESKTOP_SESSION: 'gnome' },
    'linux',
    'mate'
  ],
  ['unknown names fall through to the next', { XDG_CURRENT_DESKTOP: 'Foo:XFCE' }, 'linux', 'xfce'],
  [
    'an i3 session is plain X11',
    { XDG_CURRENT_DESKTOP: 'i3', DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' },
    'linux',
    'x11'
  ],
  ['only DISPLAY', { DISPLAY: ':1' }, 'linux', 'x11'],
  [
    'Hyprland is an unknown Wayland compositor',
    { XDG_CURRENT_DESKTOP: 'Hyprland', WAYLAND_DISPLAY: 'wayland-1', DISPLAY: ':0' },
    'linux',
    'wayland'
  ],
  ['Wayland session type without sockets', { XDG_SESSION_TYPE: 'wayland' }, 'linux', 'wayland'],
  ['an empty DISPLAY is not a display', { DISPLAY: ' ' }, 'linux', 'none'],
  ['nothing at all (a service, ssh)', {}, 'linux', 'none'],
  ['FreeBSD with XFCE', { XDG_CURRENT_DESKTOP: 'XFCE' }, 'freebsd', 'xfce']
]

describe('detectDesktop', () => {
  it.each(cases)('%s', (_name, env, platform, expected) => {
    expect(detectDesktop(env, platform)).toBe(expected)
  })
})
