// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RotationOutcome } from '@shared/rotation'
import { CATALOG, fakeGallery, record, rotation } from '../test/fakeGallery'
import { renderApp } from '../test/renderApp'

// A fixed clock: Monday 2 March 2026, 06:00 local time wherever the test runs (a week without
// daylight-saving changes); jsdom’s language is en-US.
const NOW = new Date(2026, 2, 2, 6, 0).getTime()
const HOUR = 3_600_000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const outcome = (patch: Partial<RotationOutcome>): RotationOutcome => ({
  status: 'applied',
  message: 'The wallpaper is set on GNOME.',
  id: 1004,
  trigger: 'manual',
  at: NOW,
  failuresInARow: 0,
  ...patch
})

describe('Next wallpaper', () => {
  it('is in the toolbar even before anything is saved, and says when the next change is', async () => {
    const fake = fakeGallery({
      rotation: rotation({ interval: 'day', nextChangeAt: NOW + 25 * HOUR, eligible: 3 })
    })
    await renderApp(fake)
    const toolbar = screen.getByRole('banner')
    const button = within(toolbar).getByRole('button', { name: 'Next wallpaper' })
    expect(within(toolbar).getByText('Next change at 7:00 AM tomorrow')).toBeTruthy()
    expect(button.getAttribute('aria-describedby')).toBeTruthy()
  })

  it('says nothing about a next change while the rotation is off', async () => {
    await renderApp(fakeGallery({ rotation: rotation({ interval: 'never' }) }))
    expect(screen.getByRole('button', { name: 'Next wallpaper' })).toBeTruthy()
    expect(screen.queryByText(/Next change/)).toBeNull()
  })

  it('sets the next image and names it; is disabled while it works', async () => {
    const fake = fakeGallery({ library: CATALOG.map(record) })
    let finish: (value: RotationOutcome) => void = () => undefined
    fake.client.nextWallpaper.mockImplementationOnce(
      () => new Promise<RotationOutcome>((resolve) => (finish = resolve))
    )
    const { user } = await renderApp(fake)
    const button = screen.getByRole('button', { name: 'Next wallpaper' })
    await user.click(button)
    expect(button).toHaveProperty('disabled', true)
    expect(screen.getByText('Changing the wallpaper…')).toBeTruthy()
    // A second click while it works does not start a second change.
    await user.click(button)
    expect(fake.client.nextWallpaper).toHaveBeenCalledTimes(1)

    finish(outcome({ id: 1004 }))
    expect(await screen.findByText('Now showing Tamarugal, Chile.')).toBeTruthy()
    expect(button).toHaveProperty('disabled', false)
  })

  it('says what to do when there is nothing to choose from', async () => {
    const fake = fakeGallery()
    const message = 'You have no favorites yet. Mark some images as Favorite.'
    fake.client.nextWallpaper.mockResolvedValueOnce(outcome({ status: 'empty', id: null, message }))
    const { user } = await renderApp(fake)
    await user.click(screen.getByRole('button', { name: 'Next wallpaper' }))
    expect(await screen.findByText('No images to choose from')).toBeTruthy()
    expect(screen.getByText(message)).toBeTruthy()
  })

  it('says a press from the app menu that failed, but not this page’s own twice', async () => {
    const fake = fakeGallery()
    const failed = outcome({ status: 'unsupported', message: 'This desktop is not supported.' })
    const { emit, user } = await renderApp(fake)
    emit('rotationChanged', rotation({ last: failed }))
    expect(await screen.findByText('This desktop is not supported.')).toBeTruthy()

    fake.client.nextWallpaper.mockImplementationOnce(async () => {
      const own = { ...failed, at: NOW + 1, message: 'Still not supported.' }
      emit('rotationChanged', rotation({ last: own }))
      return own
    })
    await user.click(screen.getByRole('button', { name: 'Next wallpaper' }))
    expect(await screen.findByText('Still not supported.')).toBeTruthy()
    expect(screen.getAllByText('Still not supported.')).toHaveLength(1)
  })

  it('tells of a scheduled change that failed once, not at every due time', async () => {
    const fake = fakeGallery({
      rotation: rotation({ interval: 'hour', nextChangeAt: NOW + HOUR })
    })
    const { emit } = await renderApp(fake)
    const failed = outcome({
      status: 'not-applied',
      trigger: 'schedule',
      message: 'GNOME kept the old picture.',
      failuresInARow: 1
    })
    emit('rotationChanged', rotation({ interval: 'hour', nextChangeAt: NOW + HOUR, last: failed }))
    expect(await screen.findByText('Wallpaper not changed')).toBeTruthy()
    expect(screen.getByText('Last change failed · Next change at 7:00 AM')).toBeTruthy()
    emit(
      'rotationChanged',
      rotation({
        interval: 'hour',
        nextChangeAt: NOW + 2 * HOUR,
        last: { ...failed, at: NOW + HOUR, failuresInARow: 2 }
      })
    )
    await waitFor(() => expect(screen.getByText(/Next change at 8:00 AM/)).toBeTruthy())
    expect(screen.getAllByText('Wallpaper not changed')).toHaveLength(1)
  })
})
