// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { GalleryError } from '@shared/errors'
import { DEFAULT_SOURCE } from '@shared/source'
import { CATALOG, fakeGallery, record, settings } from '../../test/fakeGallery'
import { renderApp } from '../../test/renderApp'
import { previewFileName } from './DownloadsSection'

afterEach(cleanup)

const withLibrary = (patch: Parameters<typeof settings>[0] = {}) =>
  fakeGallery({ library: CATALOG.map(record), settings: settings(patch) })

async function openSettings(fake: ReturnType<typeof fakeGallery>) {
  const app = await renderApp(fake)
  const opener = screen.getByRole('button', { name: 'Settings' })
  await app.user.click(opener)
  const dialog = screen.getByRole('dialog', { name: 'Settings' })
  return { ...app, opener, dialog }
}

describe('Settings dialog', () => {
  it('opens from the status bar as a modal, keeps Tab inside, and gives the focus back', async () => {
    const { user, opener, dialog } = await openSettings(withLibrary())
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(dialog.contains(document.activeElement)).toBe(true)
    // The page behind is out of reach: its Settings button is no longer an accessible button.
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull()

    const close = within(dialog).getByRole('button', { name: 'Close' })
    close.focus()
    await user.tab({ shift: true })
    expect(dialog.contains(document.activeElement)).toBe(true)
    await user.tab()
    expect(document.activeElement).toBe(close)

    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(opener)

    await user.click(opener)
    await user.click(screen.getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(opener)
  })

  it('shows the folders and a live preview of the file name', async () => {
    const fake = withLibrary({ filenameTemplate: '{country} - {region} ({id}).jpg' })
    const { user, dialog } = await openSettings(fake)
    expect(within(dialog).getByDisplayValue('/home/ada/Pictures/Earth View')).toBeTruthy()
    expect(within(dialog).getByDisplayValue('/data/library')).toBeTruthy()
    expect(within(dialog).getByDisplayValue('/data')).toBeTruthy()
    expect(within(dialog).getByText('Chile - Tamarugal (1004).jpg')).toBeTruthy()

    const template = within(dialog).getByRole('textbox', { name: 'File name' })
    await user.clear(template)
    await user.type(template, '{{id}_{{lat}')
    expect(within(dialog).getByText('1004_-19.140249.jpg')).toBeTruthy()
    expect(fake.client.updateSettings).not.toHaveBeenCalled()

    await user.click(within(dialog).getByRole('button', { name: /Choose download folder/ }))
    expect(fake.client.chooseDownloadFolder).toHaveBeenCalled()
    expect(await within(dialog).findByDisplayValue('/elsewhere')).toBeTruthy()
  })

  it('shows the app’s message under a refused template, keeps the text and stays open', async () => {
    const fake = withLibrary()
    // As the settings store refuses it: the field, and its problem said for the place beside it.
    const refusal = () =>
      new GalleryError('invalid-argument', 'The file name template must contain {id}.', {
        field: 'filenameTemplate'
      })
    fake.client.updateSettings.mockRejectedValueOnce(refusal())
    const { user, dialog } = await openSettings(fake)
    const template = within(dialog).getByRole('textbox', { name: 'File name' })
    await user.clear(template)
    await user.type(template, 'photo {{country}{Enter}')

    expect(fake.client.updateSettings).toHaveBeenCalledWith({ filenameTemplate: 'photo {country}' })
    const error = await within(dialog).findByText('The file name template must contain {id}.')
    expect(template.getAttribute('aria-invalid')).toBe('true')
    expect(template.getAttribute('aria-describedby')?.split(' ')).toContain(error.id)
    expect((template as HTMLInputElement).value).toBe('photo {country}')

    // Escape tries to save what the field holds; refused again, the dialog stays open.
    fake.client.updateSettings.mockRejectedValueOnce(refusal())
    await user.keyboard('{Escape}')
    await waitFor(() => expect(fake.client.updateSettings).toHaveBeenCalledTimes(2))
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy()
    expect((template as HTMLInputElement).value).toBe('photo {country}')

    // Fixed, it saves on blur and says so.
    await user.type(template, ' {{id}')
    await user.tab()
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({
      filenameTemplate: 'photo {country} {id}'
    })
    await waitFor(() => expect(template.getAttribute('aria-invalid')).toBe('false'))
    expect(within(dialog).getByText('Saved')).toBeTruthy()
  })

  it('closing with a refused value keeps the dialog open and takes the focus to that field', async () => {
    const fake = withLibrary()
    fake.client.updateSettings.mockRejectedValue(
      new GalleryError('invalid-argument', '"10-x" is not an id or a range.', { field: 'idPlan' })
    )
    const { user, dialog } = await openSettings(fake)
    const plan = within(dialog).getByRole('textbox', { name: 'Images to crawl' })
    await user.clear(plan)
    await user.type(plan, '10-x')
    // Leaving the field saves it (refused); then Escape from elsewhere in the dialog.
    act(() => within(dialog).getByRole('button', { name: 'Close' }).focus())
    await within(dialog).findByText('"10-x" is not an id or a range.')
    await user.keyboard('{Escape}')
    await waitFor(() => expect(document.activeElement).toBe(plan))
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy()
    expect((plan as HTMLInputElement).value).toBe('10-x')
  })

  it('sends a new concurrency from the slider and from the number field', async () => {
    const fake = withLibrary({ concurrency: 24 })
    const { user, dialog } = await openSettings(fake)
    const slider = within(dialog).getByRole('slider', { name: 'Requests at once' })
    fireEvent.change(slider, { target: { value: '48' } })
    await waitFor(() =>
      expect(fake.client.updateSettings).toHaveBeenCalledWith({ concurrency: 48 })
    )
    expect(fake.client.updateSettings).toHaveBeenCalledTimes(1)

    const number = within(dialog).getByRole('spinbutton', { name: 'Requests at once' })
    expect((number as HTMLInputElement).value).toBe('48')
    await user.clear(number)
    await user.type(number, '8{Enter}')
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ concurrency: 8 })
    await waitFor(() => expect((slider as HTMLInputElement).value).toBe('8'))
  })

  it('toggles writeExif with the EXIF checkbox', async () => {
    const fake = withLibrary({ writeExif: true })
    const { user, dialog } = await openSettings(fake)
    const exif = within(dialog).getByRole('checkbox', { name: /EXIF/ })
    expect((exif as HTMLInputElement).checked).toBe(true)
    await user.click(exif)
    expect(fake.client.updateSettings).toHaveBeenCalledWith({ writeExif: false })
    await waitFor(() => expect((exif as HTMLInputElement).checked).toBe(false))
    await user.click(exif)
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ writeExif: true })
    await waitFor(() => expect((exif as HTMLInputElement).checked).toBe(true))
  })

  it('sets the theme like the status bar does, and resets the source', async () => {
    const fake = withLibrary({ theme: 'system', sourceUrl: 'http://localhost:9/{id}.json' })
    const { user, dialog } = await openSettings(fake)
    await user.click(within(dialog).getByRole('radio', { name: 'Dark' }))
    expect(fake.client.updateSettings).toHaveBeenCalledWith({ theme: 'dark' })
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'))

    await user.click(within(dialog).getByRole('button', { name: 'Reset' }))
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ sourceUrl: DEFAULT_SOURCE })
    const source = within(dialog).getByRole('textbox', { name: 'Source' })
    await waitFor(() => expect((source as HTMLInputElement).value).toBe(DEFAULT_SOURCE))
  })

  it('shows the template as the app kept it once saved', async () => {
    const fake = withLibrary()
    // As the settings schema does.
    fake.client.updateSettings.mockImplementationOnce(async (patch) =>
      settings({ filenameTemplate: patch.filenameTemplate?.trim() })
    )
    const { user, dialog } = await openSettings(fake)
    const template = within(dialog).getByRole('textbox', { name: 'File name' })
    await user.clear(template)
    await user.type(template, '  {{id} {{region}  {Enter}')
    expect(fake.client.updateSettings).toHaveBeenCalledWith({
      filenameTemplate: '  {id} {region}  '
    })
    fake.client.updateSettings.mockClear()
    await waitFor(() => expect((template as HTMLInputElement).value).toBe('{id} {region}'))
    await user.tab()
    expect(fake.client.updateSettings).not.toHaveBeenCalled()
  })

  it('takes changes made elsewhere into fields that are not being edited', async () => {
    const fake = withLibrary({ idPlan: 'known' })
    const { user, emit, dialog } = await openSettings(fake)
    const plan = within(dialog).getByRole('textbox', { name: 'Images to crawl' })
    const template = within(dialog).getByRole('textbox', { name: 'File name' })
    await user.click(template)
    await user.type(template, '-x')
    emit('settingsChanged', settings({ idPlan: '1000-1010', filenameTemplate: 'other {id}' }))
    expect((plan as HTMLInputElement).value).toBe('1000-1010')
    expect((template as HTMLInputElement).value).toBe('{id}.jpg-x')
  })
})

describe('previewFileName', () => {
  it('fills in the sample image and keeps names file systems accept', () => {
    expect(previewFileName('{country} - {region} ({id}).jpg')).toBe('Chile - Tamarugal (1004).jpg')
    expect(previewFileName('{ID}: {lat},{lng}')).toBe('1004- -19.140249,-68.683995.jpg')
    expect(previewFileName('  {unknown} {id}.JPEG ')).toBe('{unknown} 1004.jpg')
    expect(previewFileName('')).toBe('Earth View.jpg')
  })
})
