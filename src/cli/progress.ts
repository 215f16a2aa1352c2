/** Progress output of long CLI commands: a bar on a TTY, JSON lines with --json, nothing otherwise. */
export interface ProgressReporter {
  update(label: string, fraction: number, etaSeconds?: number): void
  event(record: Record<string, unknown>): void
  done(): void
}

function formatEta(seconds?: number): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return ''
  const s = Math.round(seconds)
  return s >= 60 ? ` ETA ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : ` ETA ${s}s`
}

/** Creates the reporter for the current output mode. */
export function createProgress(json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let last = 0
  return {
    update(label, fraction, etaSeconds) {
      if (json) {
        const now = Date.now()
        if (now - last < 500 && fraction < 1) return
        last = now
        process.stdout.write(JSON.stringify({ event: 'progress', label, fraction: Number(fraction.toFixed(4)), etaSeconds }) + '\n')
        return
      }
      if (!stream.isTTY) return
      const width = 28
      const filled = Math.round(Math.min(1, fraction) * width)
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${formatEta(etaSeconds)}   `)
    },
    event(record) {
      if (json) process.stdout.write(JSON.stringify(record) + '\n')
    },
    done() {
      if (!json && stream.isTTY) stream.write('\n')
    }
  }
}
