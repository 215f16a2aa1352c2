import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron'
import { CodedError } from '../shared/errors'
import { toResult, type Result } from '../shared/result'
import { INVOKE_CHANNELS, validateInvoke, type InvokeHandlers } from '../shared/ipc'

/** The slice of `ipcMain` the registrar needs (injectable for tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/** Decides whether a message comes from one of our windows showing our own UI. */
export type SenderCheck = (sender: WebContents) => boolean

/**
 * Registers every contract channel on `ipcMain` (STYLE.md rule 10): removes any previous handler, checks the
 * sender, validates the arguments, calls the host-neutral handler and returns a Result (never throws to the renderer).
 * @returns dispose function that removes the handlers
 */
export function registerInvokeHandlers(ipc: IpcMainLike, handlers: InvokeHandlers, isTrustedSender: SenderCheck): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipc.removeHandler(channel)
    ipc.handle(channel, (event, ...args): Promise<Result<unknown>> =>
      toResult(async () => {
        if (!isTrustedSender(event.sender)) {
          throw new CodedError('forbidden-sender', `Message on ${channel} from an unknown sender was refused.`)
        }
        const checked = validateInvoke(channel, args)
        const handler = handlers[checked.channel] as (...a: unknown[]) => unknown
        return handler(...checked.args)
      })
    )
  }
  return () => INVOKE_CHANNELS.forEach((channel) => ipc.removeHandler(channel))
}

/** Sender check: the message comes from a window we created and its page is our bundled UI. */
export function createSenderCheck(
  fromWebContents: (sender: WebContents) => BrowserWindow | null,
  isOurUrl: (url: string) => boolean
): SenderCheck {
  return (sender) => fromWebContents(sender) !== null && isOurUrl(sender.getURL())
}
