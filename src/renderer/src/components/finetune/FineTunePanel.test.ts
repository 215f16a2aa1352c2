import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { FineTuneOptions } from '../../stores/finetune'

const plots: { data: unknown[][]; setData: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn>; opts: { series: { label: string; scale?: string }[]; axes: { side?: number; scale?: string }[] } }[] = []
vi.mock('uplot', () => ({
  default: vi.fn(function (this: unknown, opts: never, data: unknown[][]) {
    const plot = { opts, data, setData: vi.fn(), destroy: vi.fn(), setSize: vi.fn() }
    plots.push(plot)
    return plot
  })
}))
vi.mock('uplot/dist/uPlot.min.css', () => ({}))

const { default: FineTuneChart } = await import('./FineTuneChart.vue')
const { default: FineTuneForm } = await import('./FineTuneForm.vue')
const { default: FineTunePairs } = await import('./FineTunePairs.vue')
const { default: FineTuneEvalPreview } = await import('./FineTuneEvalPreview.vue')
const { default: FineTuneResume } = await import('./FineTuneResume.vue')

describe('FineTuneResume', () => {
  const run = (name: string, step: number) => ({ name, step, savedAt: 0, request: { lowDir: '/l', highDir: '/h', name, steps: 300 } })

  it('lists interrupted runs, the one named like the form first, and emits the run to resume', async () => {
    const runs = [run('old', 10), run('lab', 40)]
    const wrapper = mount(FineTuneResume, { props: { runs, currentName: ' lab ' } })
    const rows = wrapper.findAll('li')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['finetune-resume-lab', 'finetune-resume-old'])
    expect(rows[0].text()).toContain('lab — checkpoint at step 40 of 300')
    expect(rows[0].classes()).toContain('current')
    await wrapper.get('[data-testid="finetune-resume-button-old"]').trigger('click')
    expect(wrapper.emitted('resume')).toEqual([[runs[0]]])
    await wrapper.setProps({ running: true })
    expect(wrapper.get('[data-testid="finetune-resume-button-lab"]').attributes('disabled')).toBeDefined()
  })
})

describe('FineTuneEvalPreview', () => {
  it('shows input | fine-tuned | target of the validation pair with the step it came from', async () => {
    const preview = { pair: 'cells_03', width: 3, height: 2, input: btoa('abcdef'), output: btoa('ghijkl'), target: btoa('mnopqr') }
    const wrapper = mount(FineTuneEvalPreview, { props: { preview, step: 40, best: true } })
    expect(wrapper.findAll('canvas').map((c) => [c.attributes('data-testid'), c.attributes('width'), c.attributes('height')])).toEqual([
      ['finetune-preview-input', '3', '2'],
      ['finetune-preview-output', '3', '2'],
      ['finetune-preview-target', '3', '2']
    ])
    expect(wrapper.text()).toMatch(/Input\s*Fine-tuned\s*Target/)
    expect(wrapper.get('[data-testid="finetune-preview-caption"]').text()).toBe('Validation pair cells_03 at step 40 (best so far) · centre 3 × 2 px')
    await wrapper.setProps({ step: 60, best: false })
    expect(wrapper.get('[data-testid="finetune-preview"]').attributes('data-step')).toBe('60')
    expect(wrapper.text()).not.toContain('best so far')
  })
})

describe('FineTuneChart', () => {
  beforeEach(() => (plots.length = 0))

  it('plots loss and PSNR on two axes and redraws only when the revision changes', async () => {
    const chart = { steps: [1, 2], loss: [0.9, 0.8], psnr: [null, 21.5] }
    const wrapper = mount(FineTuneChart, { props: { chart, revision: 0 } })
    expect(plots).toHaveLength(1)
    const [plot] = plots
    expect(plot.opts.series.map((s) => s.scale)).toEqual([undefined, 'loss', 'psnr'])
    expect(plot.opts.axes.find((a) => a.scale === 'psnr')?.side).toBe(1)
    expect(plot.data).toEqual([[1, 2], [0.9, 0.8], [null, 21.5]])
    chart.steps.push(3)
    chart.loss.push(0.7)
    chart.psnr.push(null)
    await wrapper.setProps({ height: 300 })
    expect(plot.setData).not.toHaveBeenCalled()
    await wrapper.setProps({ revision: 1 })
    expect(plot.setData).toHaveBeenCalledWith([[1, 2, 3], [0.9, 0.8, 0.7], [null, 21.5, null]])
    expect(wrapper.get('[data-testid="finetune-chart"]').attributes('data-points')).toBe('3')
    wrapper.unmount()
    expect(plot.destroy).toHaveBeenCalledOnce()
  })
})

describe('FineTuneForm', () => {
  const options: FineTuneOptions = { name: 'lab-sr', steps: 100, batchSize: 4, learningRate: 1e-4, evalEvery: 10, validationFraction: 0.2, seed: 0 }

  it('edits options as new objects and starts / discovers', async () => {
    const wrapper = mount(FineTuneForm, { props: { models: [], lowDir: '/l', highDir: '/h', options, usablePairs: 5 } })
    await wrapper.get('[data-testid="finetune-steps"]').setValue('30')
    const [[next]] = wrapper.emitted('update:options') as [[FineTuneOptions]]
    expect(next).toEqual({ ...options, steps: 30 })
    expect(options.steps).toBe(100)
    await wrapper.get('[data-testid="finetune-discover"]').trigger('click')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('discover')).toHaveLength(1)
    expect(wrapper.emitted('start')).toHaveLength(1)
    expect(wrapper.get('[data-testid="finetune-stop"]').attributes('disabled')).toBeDefined()
  })

  it('refuses to start without usable pairs or a valid name, and stops a running run', async () => {
    const none = mount(FineTuneForm, { props: { models: [], lowDir: '/l', highDir: '/h', options, usablePairs: 0 } })
    expect(none.get('[data-testid="finetune-problem"]').text()).toContain('No usable pairs')
    await none.get('form').trigger('submit')
    expect(none.emitted('start')).toBeUndefined()
    const badName = mount(FineTuneForm, { props: { models: [], lowDir: '/l', highDir: '/h', options: { ...options, name: '../x' } } })
    expect(badName.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined()
    const running = mount(FineTuneForm, { props: { models: [], lowDir: '/l', highDir: '/h', options, running: true } })
    await running.get('[data-testid="finetune-stop"]').trigger('click')
    expect(running.emitted('stop')).toHaveLength(1)
    expect(running.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined()
  })
})

describe('FineTunePairs', () => {
  it('lists pairs with their shift, flags misregistered ones, and lists problems', () => {
    const pair = { name: 'cell1', low: '/l/cell1.tif', high: '/h/cell1.tif', width: 64, height: 64, shift: { dx: 0.2, dy: -0.1 }, flagged: false }
    const wrapper = mount(FineTunePairs, {
      props: {
        report: {
          pairs: [pair, { ...pair, name: 'cell2', shift: { dx: 3.4, dy: 0 }, flagged: true }],
          problems: [{ file: 'lonely.tif', code: 'not-found', message: 'no high-quality partner' }]
        }
      }
    })
    expect(wrapper.get('[data-testid="pairs-summary"]').text()).toBe('2 pair(s) found, 1 flagged as misregistered, 1 problem(s).')
    expect(wrapper.get('[data-testid="pair-cell2"]').text()).toContain('misregistered')
    expect(wrapper.get('[data-testid="pair-cell2"]').text()).toContain('3.4, 0.0 px')
    expect(wrapper.get('[data-testid="pair-cell1"]').text()).not.toContain('misregistered')
    expect(wrapper.get('[data-testid="pair-problems"]').text()).toContain('lonely.tif: no high-quality partner')
  })
})
