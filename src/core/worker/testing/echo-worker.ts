/** A small engine process for the worker tests: echo, progress + cancel, coded failure, crash. */
import { CodedError } from '../../../shared/errors'
import { processPort, serveWorker } from '../serve'

serveWorker(processPort(), {
  echo: async (args) => args,
  count: async ([n], { signal, onProgress }) => {
    for (let i = 1; i <= (n as number); i++) {
      if (signal.aborted) throw new CodedError('cancelled', 'stopped')
      onProgress(i)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return n
  },
  fail: async () => {
    throw new CodedError('not-tiff', 'that was a PNG')
  },
  crash: async () => process.exit(137)
})
