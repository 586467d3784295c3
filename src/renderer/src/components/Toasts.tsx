import { useController, useStore } from '../state/context'
import type { Toast } from '../state/store'
import { Icon, type IconName } from './Icon'

const ICONS: Record<Toast['kind'], IconName> = {
  info: 'image',
  success: 'check',
  warning: 'alert',
  error: 'alert'
}

/** Outside the modal's inert region, so "Show in folder" works while the detail view is open. */
export function Toasts() {
  const controller = useController()
  const toasts = useStore((s) => s.toasts)
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className="toast"
          data-kind={toast.kind}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span className="toast-icon">
            <Icon name={ICONS[toast.kind]} size={18} />
          </span>
          <div className="toast-body">
            <p className="toast-title">{toast.title}</p>
            {toast.detail && <p className="toast-detail">{toast.detail}</p>}
          </div>
          {toast.action && (
            <button
              className="button small"
              onClick={() => {
                toast.action?.run()
                controller.dismiss(toast.id)
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button
            className="icon-button small"
            aria-label="Dismiss notification"
            onClick={() => controller.dismiss(toast.id)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </section>
  )
}
