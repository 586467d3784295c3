// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { itemLabel, placeName } from '@shared/catalog'
import { CATALOG, fakeGallery, record, settings } from '../../test/fakeGallery'
import { renderApp } from '../../test/renderApp'

afterEach(cleanup)

/** The map's code is a chunk of its own: the first import takes a moment under vitest. */
const findMap = () => screen.findByRole('group', { name: 'World map' }, { timeout: 20_000 })

const markerIds = () =>
  [...screen.getByRole('group', { name: 'World map' }).querySelectorAll('[data-id]')].map(
    (element) => Number(element.getAttribute('data-id'))
  )

describe('the Grid / Map switch', () => {
  it('shows every place the find bar shows as a marker, and saves the choice', async () => {
    const fake = fakeGallery({ library: CATALOG.slice(0, 3).map(record) })
    const { user } = await renderApp(fake)
    const map = screen.getByRole('button', { name: 'Map' })
    expect(map.getAttribute('aria-pressed')).toBe('false')
    await user.click(map)
    expect(fake.client.updateSettings).toHaveBeenCalledWith({ view: 'map' })
    expect(map.getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('button', { name: 'Grid' }).getAttribute('aria-pressed')).toBe('false')
    await findMap()
    expect(screen.queryByRole('list', { name: 'Gallery' })).toBeNull()
    expect(markerIds()).toEqual(CATALOG.map((entry) => entry.id))

    const saved = CATALOG.slice(0, 3).map((entry) => entry.id)
    for (const id of markerIds()) {
      const element = document.querySelector(`[data-id="${id}"]`)!
      expect(element.hasAttribute('data-saved')).toBe(saved.includes(id))
      expect(element.getAttribute('aria-label')).toBe(itemLabel(CATALOG.find((e) => e.id === id)!))
    }

    // The find bar's filter, the same as the grid's.
    await user.type(screen.getByRole('searchbox', { name: 'Search places' }), 'chile')
    const chile = CATALOG.filter((entry) => entry.country === 'Chile').map((entry) => entry.id)
    await waitFor(() => expect(markerIds()).toEqual(chile))
    expect(screen.getByText(`${chile.length} images`)).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Grid' }))
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ view: 'grid' })
    expect(await screen.findByRole('list', { name: 'Gallery' })).toBeTruthy()
  })

  it('opens on the map when that was the choice', async () => {
    const fake = fakeGallery({
      library: CATALOG.map(record),
      settings: settings({ view: 'map' })
    })
    await renderApp(fake)
    await findMap()
    expect(markerIds()).toHaveLength(CATALOG.length)
    // The thumbnail size means nothing on the map.
    expect(
      screen.getByRole('slider', { hidden: true, name: 'Thumbnail size' }).closest('label')!.hidden
    ).toBe(true)
  })
})

describe('markers', () => {
  it('open the detail view on click and Enter; Show on map comes back to the place', async () => {
    const fake = fakeGallery({
      library: CATALOG.map(record),
      settings: settings({ view: 'map' })
    })
    const { user } = await renderApp(fake)
    await findMap()
    const [first, second] = CATALOG as [(typeof CATALOG)[0], (typeof CATALOG)[0]]
    fireEvent.click(document.querySelector(`[data-id="${second.id}"]`)!)
    const dialog = await screen.findByRole('dialog', { name: placeName(second) })

    // Nearby: the five nearest others, nearest first.
    const nearby = within(within(dialog).getByRole('list', { name: 'Nearby' })).getAllByRole(
      'button'
    )
    expect(nearby).toHaveLength(5)
    // From Tamarugal, Chile: Potosí is 385 km away, Atacama 555 km.
    expect(nearby[0]!.getAttribute('aria-label')).toBe('Potosí, Bolivia, 385 km')
    expect(nearby[0]!.textContent).toBe('385 km')
    expect(nearby[1]!.getAttribute('aria-label')).toMatch(/^Atacama, Chile, 55\d km$/)

    await user.click(within(dialog).getByRole('button', { name: 'Show on map' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    const marker = document.querySelector(`[data-id="${second.id}"]`)!
    await waitFor(() => expect(marker.hasAttribute('data-highlighted')).toBe(true))

    // Keyboard: Enter on a focused marker opens it.
    const other = document.querySelector<SVGElement>(`[data-id="${first.id}"]`)!
    other.focus()
    fireEvent.keyDown(other, { key: 'Enter' })
    expect(await screen.findByRole('dialog', { name: placeName(first) })).toBeTruthy()
  })

  it('fill in as a crawl saves their places, on the same elements', async () => {
    const fake = fakeGallery({
      library: [record(CATALOG[0]!)],
      settings: settings({ view: 'map' })
    })
    const { emit } = await renderApp(fake)
    await findMap()
    const pending = document.querySelector(`[data-id="${CATALOG[4]!.id}"]`)!
    expect(pending.hasAttribute('data-saved')).toBe(false)
    expect(pending.getAttribute('aria-describedby')).toBe('map-marker-pending')
    emit('itemsAdded', [record(CATALOG[4]!)])
    const after = document.querySelector(`[data-id="${CATALOG[4]!.id}"]`)!
    expect(after).toBe(pending)
    expect(after.hasAttribute('data-saved')).toBe(true)
    expect(after.hasAttribute('aria-describedby')).toBe(false)
  })
})
