/** Reads a job's JSON report from its output folder (tests). */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { JobReport } from '../report'

/** The parsed `cvdm-report-<id>.json` in `outputDir`. */
export function readReportFor(outputDir: string, id: string): JobReport {
  return JSON.parse(fs.readFileSync(path.join(outputDir, `cvdm-report-${id}.json`), 'utf8')) as JobReport
}
