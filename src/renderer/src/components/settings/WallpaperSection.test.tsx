// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { GalleryError } from '@shared/errors'
import { fakeGallery, rotation, settings } from '../../test/fakeGallery'
import { renderApp } from '../../test/renderApp'

afterEach(cleanup)

async function openSettings(fake: ReturnType<typeof fakeGallery>) {
  const app = await renderApp(fake)
  await app.user.click(screen.getByRole('button', { name: 'Settings' }))
  const dialog = screen.getByRole('dialog', { name: 'Settings' })
  const section = within(dialog).getByRole('region', { name: 'Wallpaper' })
  return { ...app, dialog, section }
}

describe('Settings → Wallpaper', () => {
  it('offers the intervals and the sources, showing the saved choices', async () => {
    const fake = fakeGallery({
      settings: settings({ wallpaperInterval: 'day', wallpaperSource: 'favorites' }),
      rotation: rotation({ interval: 'day', source: 'favorites', eligible: 3 })
    })
    const { section } = await openSettings(fake)
    const interval = within(section).getByRole('combobox', { name: 'Change wallpaper' })
    const source = within(section).getByRole('combobox', { name: 'Choose from' })
    const options = (select: HTMLElement) =>
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent)
    expect(options(interval)).toEqual(['Never', 'Every hour', 'Every 3 hours', 'Every day'])
    expect(options(source)).toEqual(['Favorites', 'All saved images', 'Downloaded images'])
    expect(interval).toHaveProperty('value', 'day')
    expect(source).toHaveProperty('value', 'favorites')
    expect(within(section).getByText(/marked as Favorite\. Now 3 images\./)).toBeTruthy()
    expect(within(section).getByRole('checkbox', { name: 'Start at login' })).toHaveProperty(
      'checked',
      false
    )
  })

  it('saves each choice as it is made', async () => {
    const fake = fakeGallery()
    const { user, section } = await openSettings(fake)
    await user.selectOptions(
      within(section).getByRole('combobox', { name: 'Change wallpaper' }),
      'Every 3 hours'
    )
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ wallpaperInterval: '3-hours' })
    await user.selectOptions(
      within(section).getByRole('combobox', { name: 'Choose from' }),
      'Downloaded images'
    )
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ wallpaperSource: 'downloaded' })
    await waitFor(() =>
      expect(within(section).getByRole('combobox', { name: 'Choose from' })).toHaveProperty(
        'value',
        'downloaded'
      )
    )
    expect(within(section).getByText(/downloaded with Download/)).toBeTruthy()
  })

  it('goes back and says why when the app refuses "Start at login"', async () => {
    const fake = fakeGallery()
    fake.client.updateSettings.mockRejectedValueOnce(
      new GalleryError('unsupported', 'The browser bridge cannot start itself at login.', {
        field: 'startAtLogin'
      })
    )
    const { user, section } = await openSettings(fake)
    const login = within(section).getByRole('checkbox', { name: 'Start at login' })
    await user.click(login)
    expect(fake.client.updateSettings).toHaveBeenCalledWith({ startAtLogin: true })
    expect(await screen.findByText(/cannot start itself at login/)).toBeTruthy()
    await waitFor(() => expect(login).toHaveProperty('checked', false))
  })
})
