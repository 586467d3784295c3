import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../App'
import { GalleryController } from '../state/controller'
import type { fakeGallery } from './fakeGallery'

/** Renders the real App against a fake gallery and waits until its state has loaded. */
export async function renderApp(fake: ReturnType<typeof fakeGallery>) {
  const controller = new GalleryController(fake.client)
  const user = userEvent.setup()
  const view = render(<App controller={controller} />)
  await screen.findByRole('contentinfo')
  return { ...view, controller, user, emit: wrapEmit(fake.emit) }
}

/** Events arrive outside React: flush the updates they cause. */
function wrapEmit(emit: ReturnType<typeof fakeGallery>['emit']): typeof emit {
  return (event, payload) => act(() => emit(event, payload))
}
