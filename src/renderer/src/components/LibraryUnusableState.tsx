import { useController, useStore } from '../state/context'
import { Icon } from './Icon'

/**
 * The saved library folder could not be opened (deleted, unplugged, turned into a file): the app
 * still runs, says why, and offers to pick another folder. Nothing is saved until one opens.
 */
export function LibraryUnusableState() {
  const controller = useController()
  const problem = useStore((s) => s.libraryProblem)
  const folder = useStore((s) => s.settings?.libraryFolder ?? '')
  return (
    <div className="empty-state" role="alert">
      <span className="state-icon">
        <Icon name="alert" size={28} />
      </span>
      <h2 className="empty-title">The library folder cannot be used</h2>
      <p className="empty-text">{problem?.message}</p>
      <button
        className="button primary large"
        onClick={() => void controller.chooseLibraryFolder()}
      >
        <Icon name="folder" size={20} />
        Choose another folder…
      </button>
      {folder && <p className="empty-note muted">The saved folder is {folder}</p>}
    </div>
  )
}
