// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeGallery } from '../test/fakeGallery'
import { renderApp } from '../test/renderApp'

afterEach(cleanup)

describe('a library folder that cannot be used', () => {
  it('says why instead of offering a crawl, and lets the person choose another folder', async () => {
    const fake = fakeGallery({
      libraryProblem: {
        code: 'io',
        field: 'libraryFolder',
        message:
          '/media/usb/library is a file, not a folder. Choose another folder for the library.'
      }
    })
    const { user } = await renderApp(fake)
    const alert = screen.getByRole('alert')
    expect(within(alert).getByRole('heading').textContent).toBe('The library folder cannot be used')
    expect(alert.textContent).toContain('/media/usb/library is a file, not a folder')
    expect(screen.queryByRole('button', { name: 'Start crawl' })).toBeNull()

    await user.click(within(alert).getByRole('button', { name: 'Choose another folder…' }))
    expect(fake.client.chooseLibraryFolder).toHaveBeenCalled()
    // The new library is loaded again, and the page is back to its usual start.
    expect(await screen.findByRole('heading', { name: 'The Earth, from above' })).toBeTruthy()
    expect(fake.client.getState).toHaveBeenCalledTimes(2)
    expect(screen.getByRole('button', { name: 'Start crawl' })).toBeTruthy()
  })
})
