import type { Command } from 'commander'
import path from 'node:path'
import type { ModelInfo } from '../../shared/models'
import { initBackend, resolveBackendRequest } from '../../core/engine'
import { table } from '../format'
import { modelRegistry } from '../model-dirs'

const out = (text: string): void => void process.stdout.write(text)

function summaryLine(m: ModelInfo): string {
  const psnr = m.metrics.psnr !== undefined ? `  PSNR ${m.metrics.psnr.toFixed(2)} dB` : ''
  const parent = m.lineage.parent ? `  from ${m.lineage.parent.id}` : ''
  return `${m.id.padEnd(24)} ${m.task.padEnd(8)} ${m.preset.padEnd(8)} ×${m.scaleFactor}  ${m.readOnly ? 'shipped ' : 'yours   '}${psnr}${parent}`
}

function details(m: ModelInfo): string {
  const rows: [string, string][] = [
    ['id', m.id],
    ['task', `${m.task} (×${m.scaleFactor})`],
    ['preset', m.preset],
    ['path', m.path],
    ['sha256', m.sha256],
    ['size', `${(m.sizeBytes / 1e6).toFixed(1)} MB`]
  ]
  if (m.pixelSizeUm) rows.push(['pixel size', `${m.pixelSizeUm} µm`])
  if (m.lineage.parent) rows.push(['parent', `${m.lineage.parent.id} (${m.lineage.parent.sha256.slice(0, 12)}…)`])
  if (m.lineage.data) rows.push(['data', m.lineage.data])
  if (m.lineage.steps !== undefined) rows.push(['steps', String(m.lineage.steps)])
  for (const [k, v] of Object.entries(m.metrics)) rows.push([k, String(v)])
  return table(rows)
}

/** Registers `cvdm models list|import|export|rm`: the model registry (shipped models are read-only). */
export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('list, import, export and remove models (shipped models are read-only)')
  models
    .command('list')
    .description('list shipped and your own models')
    .option('--json', 'print a JSON array (each entry has an `id`)')
    .action(async (o: { json?: boolean }) => {
      const list = await modelRegistry().list()
      out(o.json ? JSON.stringify(list, null, 2) + '\n' : list.map(summaryLine).join('\n') + '\n')
    })
  models
    .command('import <source>')
    .description('import a model folder or .zip (validated before it is added)')
    .option('--json', 'print the imported model as JSON')
    .action(async (source: string, o: { json?: boolean }) => {
      await initBackend(resolveBackendRequest(program.opts<{ backend?: string }>().backend))
      const m = await modelRegistry().importModel(source)
      out(o.json ? JSON.stringify(m, null, 2) + '\n' : `imported ${m.id}\n${details(m)}\n`)
    })
  models
    .command('export <id>')
    .description('write <id>.zip (the model folder with its card)')
    .option('-o, --out <folder>', 'folder for the zip', '.')
    .option('--json', 'print {"path": …} as JSON')
    .action(async (id: string, o: { out: string; json?: boolean }) => {
      const file = await modelRegistry().exportModel(id, path.resolve(o.out))
      out(o.json ? JSON.stringify({ path: file }) + '\n' : `${file}\n`)
    })
  models
    .command('rm <id>')
    .description('remove one of your models')
    .action(async (id: string) => {
      await modelRegistry().remove(id)
      out(`removed ${id}\n`)
    })
}
