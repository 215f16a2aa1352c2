/// <reference types="vite/client" />
import type { AppApi } from '../../shared/ipc/contract'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present in Electron (exposed by the preload); absent in the browser host. */
    api?: AppApi
  }
}
