/** Keyboard helpers for app-wide shortcuts. */

const NON_TEXT_INPUTS = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'])

/**
 * Whether a key event's target takes typed text (text fields, selects, editable content), where single-key
 * shortcuts like `+` or `,` must not fire. Sliders and buttons don't count: `.` still steps a slice there.
 */
export function isTextEntry(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type)
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
}
